using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Search.Elasticsearch;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>One engine with the corpus loaded; tests that write use their own documents and agencies.</summary>
public abstract class SearchConformanceFixture : IAsyncLifetime
{
    public ISearchIndex Index { get; private set; } = null!;

    /// <summary>A fresh, empty index of the same engine (for rebuild tests).</summary>
    public abstract Task<ISearchIndex> NewIndexAsync();

    public async Task InitializeAsync()
    {
        Index = await NewIndexAsync();
        await Index.UpsertAsync(SearchCorpus.Documents, CancellationToken.None);
    }

    public abstract Task DisposeAsync();
}

public class EmbeddedConformanceFixture : SearchConformanceFixture
{
    /// <summary>1 (case per agency) makes every newest-first read take many small windows (the path large indexes take).</summary>
    protected virtual int FirstWindow => EmbeddedSearchIndex.DefaultFirstWindow;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "fp-search-" + Guid.NewGuid().ToString("N")[..10]);

    public override async Task<ISearchIndex> NewIndexAsync()
    {
        var index = new EmbeddedSearchIndex(Path.Combine(_root, Guid.NewGuid().ToString("N")[..8]), FirstWindow);
        await index.EnsureReadyAsync(CancellationToken.None);
        return index;
    }

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS temp cleaner
        }

        return Task.CompletedTask;
    }
}

/// <summary>The embedded engine reading newest first one case per first window (the large-index path).</summary>
public sealed class EmbeddedWindowedConformanceFixture : EmbeddedConformanceFixture
{
    protected override int FirstWindow => 1;
}

/// <summary>A live cluster from ELASTICSEARCH_URL; every index gets its own prefix and is deleted after.</summary>
public sealed class ElasticsearchConformanceFixture : SearchConformanceFixture
{
    private readonly List<ElasticsearchSearchIndex> _indices = [];

    public override async Task<ISearchIndex> NewIndexAsync()
    {
        var url = TestEnvironment.ElasticsearchUrl
                  ?? throw new InvalidOperationException("ELASTICSEARCH_URL is not set: the Elasticsearch conformance tests need a live cluster.");
        var index = new ElasticsearchSearchIndex(new ElasticsearchOptions
        {
            Url = new Uri(url),
            IndexPrefix = "fp-test-" + Guid.NewGuid().ToString("N")[..10],
            Refresh = "wait_for",
        });
        _indices.Add(index);
        await index.EnsureReadyAsync(CancellationToken.None);
        return index;
    }

    public override async Task DisposeAsync()
    {
        foreach (var index in _indices)
        {
            await index.DropAsync(CancellationToken.None);
            index.Dispose();
        }
    }
}
