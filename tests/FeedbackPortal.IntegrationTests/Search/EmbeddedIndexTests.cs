using FeedbackPortal.Infrastructure.Search;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>
/// What only the embedded engine has to get right: several processes share one index file (each
/// keeps its own in-memory columns), rowids encode agency and time, and file formats change.
/// </summary>
public sealed class EmbeddedIndexTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fp-embedded-" + Guid.NewGuid().ToString("N")[..10]);

    private static SearchQuery Query(SearchScope scope, string? text = null) =>
        new() { Scope = scope, Text = text, Sort = SearchSort.Newest, PageSize = 100, IncludeFacets = true, Now = SearchCorpus.Now };

    private static SearchDocument Doc(string code, string agency, string status = "routed", string title = "Chuyển đổi số cấp xã") =>
        SearchCorpus.Doc(code, "feedback", title, "Nội dung phản ánh.", "chuyen-doi-so", agency, null, status, 3, 5, published: true);

    private async Task<EmbeddedSearchIndex> OpenAsync()
    {
        var index = new EmbeddedSearchIndex(_directory);
        await index.EnsureReadyAsync(CancellationToken.None);
        return index;
    }

    [Fact]
    public async Task A_second_process_sees_what_another_wrote_changed_moved_and_deleted()
    {
        var writer = await OpenAsync();
        var reader = await OpenAsync(); // its own columns, as a web process beside a worker has
        await writer.UpsertAsync([Doc("E1", "bo-khcn"), Doc("E2", "bo-khcn"), Doc("E3", "ubnd-ha-noi")], CancellationToken.None);

        var khcn = await reader.SearchAsync(Query(SearchScope.Staff(["bo-khcn"]), "chuyen doi so"), CancellationToken.None);
        Assert.Equal(["E1", "E2"], khcn.Hits.Select(h => h.Document.TrackingCode).Order());

        // A status change, a transfer to another agency and a deletion, all through the writer.
        await writer.UpsertAsync([Doc("E1", "bo-khcn", status: "in_progress") with { UpdatedAt = SearchCorpus.Now }], CancellationToken.None);
        await writer.UpsertAsync([Doc("E2", "ubnd-ha-noi", status: "transferred") with { UpdatedAt = SearchCorpus.Now }], CancellationToken.None);
        await writer.DeleteAsync("E3", CancellationToken.None);

        khcn = await reader.SearchAsync(Query(SearchScope.Staff(["bo-khcn"])), CancellationToken.None);
        Assert.Equal(["E1"], khcn.Hits.Select(h => h.Document.TrackingCode));
        Assert.Equal(new Dictionary<string, long> { ["in_progress"] = 1 }, khcn.Facets[SearchResults.StatusFacet]);

        var haNoi = await reader.SearchAsync(Query(SearchScope.Staff(["ubnd-ha-noi"]), "chuyen doi so"), CancellationToken.None);
        Assert.Equal(["E2"], haNoi.Hits.Select(h => h.Document.TrackingCode));
        Assert.Equal("ubnd-ha-noi", haNoi.Hits[0].Document.Agency);
        Assert.Equal(new Dictionary<string, long> { ["ubnd-ha-noi"] = 1 }, haNoi.Facets[SearchResults.AgencyFacet]);

        var everyone = await reader.SearchAsync(Query(SearchScope.AllAgencies), CancellationToken.None);
        Assert.Equal(2, everyone.Total);
    }

    [Fact]
    public async Task Searches_running_while_another_process_writes_see_whole_transactions()
    {
        var writer = await OpenAsync();
        var reader = await OpenAsync();
        var writing = Task.Run(async () =>
        {
            for (var batch = 0; batch < 40; batch++)
            {
                // 25 cases per transaction, in two agencies; four searchers race it.
                await writer.UpsertAsync(Enumerable.Range(0, 25).Select(i => Doc($"W{batch:D2}{i:D2}", i % 2 == 0 ? "bo-khcn" : "ubnd-ha-noi")).ToList(),
                    CancellationToken.None);
            }
        });

        var searches = 0;
        var searching = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            while (!writing.IsCompleted)
            {
                var results = await reader.SearchAsync(Query(SearchScope.AllAgencies, worker % 2 == 0 ? null : "chuyen doi so") with { PageSize = 30 },
                    CancellationToken.None);
                Assert.Equal(0, results.Total % 25); // never half a transaction
                Assert.Equal(results.Total, results.Facets[SearchResults.AgencyFacet].Values.Sum());
                Assert.Equal(Math.Min(30, results.Total), results.Hits.Count);
                Interlocked.Increment(ref searches);
            }
        })).ToList();
        await Task.WhenAll(searching.Append(writing));

        Assert.True(searches > 0);
        Assert.Equal(1_000, (await reader.SearchAsync(Query(SearchScope.AllAgencies, "chuyen doi so"), CancellationToken.None)).Total);
        Assert.Equal(480, (await reader.SearchAsync(Query(SearchScope.Staff(["ubnd-ha-noi"])), CancellationToken.None)).Total); // 12 of each 25
    }

    [Fact]
    public async Task A_search_never_uses_columns_newer_than_its_own_read_transaction()
    {
        var writer = await OpenAsync();
        await writer.UpsertAsync([Doc("V1", "bo-khcn")], CancellationToken.None);
        var cache = new EmbeddedColumnCache();
        using var older = new SqliteConnection($"Data Source={writer.CurrentFile}");
        using var newer = new SqliteConnection($"Data Source={writer.CurrentFile}");
        older.Open();
        newer.Open();

        // The older search's view is fixed before the write (WAL: its first read starts it)…
        using var olderView = older.BeginTransaction(deferred: true);
        var before = cache.TryGet(older, olderView, writer.CurrentFile);
        await writer.UpsertAsync([Doc("V2", "bo-khcn")], CancellationToken.None);

        // …a newer search then brings the shared columns up to date…
        using (var newerView = newer.BeginTransaction(deferred: true))
        {
            Assert.Equal(2, cache.TryGet(newer, newerView, writer.CurrentFile)!.Segments.Sum(s => s?.Length ?? 0));
        }

        // …and the older one must not count V2, which its transaction cannot read from docs: it starts over.
        Assert.Equal(1, before!.Segments.Sum(s => s?.Length ?? 0));
        Assert.Null(cache.TryGet(older, olderView, writer.CurrentFile));
    }

    [Fact]
    public async Task Cases_submitted_in_the_same_millisecond_are_all_kept_in_order()
    {
        var index = await OpenAsync();
        // More than the 1,024 sequence numbers of one millisecond: the rest go to the next ones.
        var docs = Enumerable.Range(0, 1_500).Select(i => Doc($"S{i:D4}", "bo-khcn")).ToList();
        await index.UpsertAsync(docs, CancellationToken.None);

        var codes = new List<string>();
        for (var page = 1; page <= 15; page++)
        {
            var results = await index.SearchAsync(Query(SearchScope.Staff(["bo-khcn"]), "chuyen doi so") with { Page = page }, CancellationToken.None);
            Assert.Equal(1_500, results.Total);
            codes.AddRange(results.Hits.Select(h => h.Document.TrackingCode));
        }

        Assert.Equal(1_500, codes.Distinct().Count());
        // Same time: the later insert is the "newer" one, consistently.
        Assert.Equal(docs.Select(d => d.TrackingCode).Reverse(), codes);
    }

    [Fact]
    public async Task An_index_file_of_an_older_format_is_replaced_by_an_empty_one()
    {
        Directory.CreateDirectory(_directory);
        var old = Path.Combine(_directory, "index-old.db");
        using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, tracking_code TEXT); INSERT INTO docs VALUES(1, 'OLD');";
            command.ExecuteNonQuery();
        }

        await File.WriteAllTextAsync(Path.Combine(_directory, "current"), "index-old.db");

        var index = await OpenAsync();
        Assert.Equal(0, (await index.SearchAsync(Query(SearchScope.AllAgencies), CancellationToken.None)).Total);
        Assert.NotEqual(old, index.CurrentFile);
        Assert.False(File.Exists(old));

        await index.UpsertAsync([Doc("N1", "bo-khcn")], CancellationToken.None);
        Assert.Equal(1, (await index.SearchAsync(Query(SearchScope.AllAgencies), CancellationToken.None)).Total);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS temp cleaner
        }
    }
}
