using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    /// <summary>The first newest-first window spans at least this many cases (see <see cref="EmbeddedFtsScan"/>).</summary>
    public const int DefaultFirstWindow = 64;

    private static readonly SearchResults Empty = new([], 0, new Dictionary<string, IReadOnlyDictionary<string, long>>());

    /// <summary>The rows of a page (and everything before it), with their relevance, and how many matched.</summary>
    private sealed record Found(List<(DocRow Row, int Score)> Rows, long Total);

    /// <summary>A read transaction and the columns at exactly its generation (retrying when they are newer).</summary>
    private (SqliteTransaction Transaction, ColumnSnapshot Snapshot) BeginRead(SqliteConnection connection, string path)
    {
        while (true)
        {
            var transaction = connection.BeginTransaction(deferred: true);
            if (_columns.TryGet(connection, transaction, path) is { } snapshot)
            {
                return (transaction, snapshot);
            }

            transaction.Dispose();
        }
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = SearchText.Parse(query.Text);
        var agencies = EffectiveAgencies(query);
        if (agencies is { Count: 0 })
        {
            return Task.FromResult(Empty); // no agency in scope (or the filter lies outside it): nothing to see
        }

        var path = ActivePath();
        using var connection = Open(path);
        using (var pragma = connection.CreateCommand())
        {
            // Reads map the file instead of copying pages into a small private cache (pooled connections keep both).
            pragma.CommandText = "PRAGMA mmap_size=4294967296; PRAGMA cache_size=-16384;";
            pragma.ExecuteNonQuery();
        }

        // One read transaction: the generation, the columns at it and the FTS matches are one view.
        var (transaction, snapshot) = BeginRead(connection, path);
        using var _ = transaction;
        var slots = snapshot.SlotsFor(agencies);
        var filter = EmbeddedRowFilter.For(query, snapshot);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var need = page * pageSize;
        var facets = query.IncludeFacets ? new EmbeddedFacetCounter(snapshot) : null;
        var found = text.IsEmpty
            ? Browse(snapshot, slots, filter, query.Sort, need, facets)
            : MatchText(new EmbeddedFtsScan(connection, transaction, snapshot, slots, filter, _firstWindow, cancellationToken),
                query, text, need, facets);
        var hits = FetchPage(connection, transaction, found.Rows.Skip((page - 1) * pageSize).ToList(), query, text);
        return Task.FromResult(Bounded(hits, found.Total, facets?.ToFacets() ?? Empty.Facets, query));
    }

    /// <summary>
    /// No text: every case in scope is in memory, so the total and facets are exact and the page is a
    /// bounded top-k. Segments are read newest first, so for "newest" the top-k fills at once and then
    /// rejects every older row with one comparison.
    /// </summary>
    private static Found Browse(ColumnSnapshot snapshot, int[] slots, EmbeddedRowFilter filter, SearchSort sort, int need,
        EmbeddedFacetCounter? facets)
    {
        var top = new EmbeddedTopRows(need, sort == SearchSort.Deadline ? DocRow.DeadlineFirst : DocRow.NewestFirst);
        long total = 0;
        foreach (var slot in slots)
        {
            var rows = snapshot.Segments[slot]!;
            for (var i = rows.Length - 1; i >= 0; i--)
            {
                if (!filter.Passes(in rows[i]))
                {
                    continue;
                }

                total++;
                facets?.Add(in rows[i]);
                top.Add(in rows[i]);
            }
        }

        return new Found(top.Result().Select(r => (r, 0)).ToList(), total);
    }

    private static List<SearchHit> FetchPage(SqliteConnection connection, SqliteTransaction transaction, List<(DocRow Row, int Score)> page,
        SearchQuery query, SearchText text)
    {
        var hits = new List<SearchHit>(page.Count);
        if (page.Count == 0)
        {
            return hits;
        }

        using var fetch = connection.CreateCommand();
        fetch.Transaction = transaction;
        fetch.CommandText = $"""
            SELECT d.tracking_code, d.submission_id, d.kind, d.title, d.content, d.field, d.system, d.agency,
                   d.locality, d.status, d.submitted_at, d.updated_at, d.deadline, d.overdue, d.assignee_id,
                   d.assignee_name, d.published, d.public_answer, d.satisfaction, d.rowid
            FROM docs d WHERE d.rowid IN ({string.Join(',', page.Select(r => InvariantNumber(r.Row.RowId)))});
            """;
        var documents = new Dictionary<long, SearchDocument>();
        using (var reader = fetch.ExecuteReader())
        {
            while (reader.Read())
            {
                documents[reader.GetInt64(19)] = ReadDocument(reader, query.Scope.IsPublic, query.Now);
            }
        }

        foreach (var (row, score) in page)
        {
            if (documents.TryGetValue(row.RowId, out var doc))
            {
                hits.Add(new SearchHit(doc, score, SearchHighlighter.Highlight(text, doc.Content, doc.PublicAnswer, doc.Title)));
            }
        }

        return hits;
    }

    /// <summary>Caps the total at the threshold, flagged as a lower bound, as Elasticsearch's track_total_hits does.</summary>
    private static SearchResults Bounded(IReadOnlyList<SearchHit> hits, long total,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> facets, SearchQuery query)
    {
        var threshold = Math.Max(1, query.TotalHitsThreshold);
        return new SearchResults(hits, Math.Min(total, threshold), facets) { TotalIsLowerBound = total > threshold };
    }

    /// <summary>The agencies a query may see: the staff scope intersected with the agency filter; null = any.</summary>
    internal static IReadOnlyCollection<string>? EffectiveAgencies(SearchQuery query)
    {
        IReadOnlyCollection<string>? scope = query.Scope.IsPublic ? null : query.Scope.Agencies;
        if (query.Agencies.Count == 0)
        {
            return scope;
        }

        return scope is null ? query.Agencies : query.Agencies.Where(scope.Contains).Distinct(StringComparer.Ordinal).ToList();
    }

    private static SearchDocument ReadDocument(SqliteDataReader r, bool publicOnly, DateTimeOffset now)
    {
        static string? S(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var status = r.GetString(9);
        DateTimeOffset? deadline = r.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12));
        return new SearchDocument
        {
            TrackingCode = r.GetString(0),
            SubmissionId = Guid.Parse(r.GetString(1)),
            Kind = r.GetString(2),
            Title = r.GetString(3),
            Content = r.GetString(4),
            Field = r.GetString(5),
            System = S(r, 6),
            Agency = S(r, 7),
            Locality = S(r, 8),
            Status = status,
            SubmittedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
            Deadline = deadline,
            Overdue = deadline < now && OpenStatuses.ClockRunning.Contains(status), // as of the query, not of indexing
            // Staff-only fields never leave the engine for public queries.
            AssigneeId = publicOnly ? null : S(r, 14),
            AssigneeName = publicOnly ? null : S(r, 15),
            Published = r.GetInt64(16) == 1,
            PublicAnswer = S(r, 17),
            Satisfaction = r.IsDBNull(18) ? null : (int)r.GetInt64(18),
        };
    }
}
