using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    private static readonly SearchResults Empty = new([], 0, new Dictionary<string, IReadOnlyDictionary<string, long>>());

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = SearchText.Parse(query.Text);
        var agencies = EffectiveAgencies(query);
        if (agencies is { Count: 0 })
        {
            return Empty; // no agency in scope (or the filter lies outside it): nothing to see
        }

        await using var connection = Open(ActivePath());
        await using var command = connection.CreateCommand();
        // Reads map the file instead of copying pages into a small private cache (pooled connections keep both).
        command.CommandText = "PRAGMA mmap_size=4294967296; PRAGMA cache_size=-16384;";
        await command.ExecuteNonQueryAsync(cancellationToken);

        var from = new StringBuilder();
        if (text.IsEmpty)
        {
            from.Append("FROM docs d WHERE 1=1");
        }
        else
        {
            // CROSS JOIN keeps FTS as the driving table: the match set is small once scoped by tags.
            from.Append("FROM fts CROSS JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH $match");
            command.Parameters.AddWithValue("$match", MatchExpression(text, query.Scope.IsPublic, agencies));
        }

        AppendFilters(from, command, query, agencies);

        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var order = query.Sort switch
        {
            SearchSort.Newest => "d.submitted_at DESC, d.rowid DESC",
            SearchSort.Deadline => "d.deadline IS NULL, d.deadline ASC, d.submitted_at DESC",
            _ when !text.IsEmpty => "score ASC, d.submitted_at DESC",
            _ => "d.submitted_at DESC, d.rowid DESC",
        };
        if (!text.IsEmpty)
        {
            return await SearchTextAsync(connection, command, from, query, text, agencies, page, pageSize, _directFetchLimit, cancellationToken);
        }

        if (agencies is { Count: > 1 })
        {
            // Several agencies: ORDER BY over "agency IN (…)" sorts every case in scope; walking each
            // agency's ordered index and merging reads only a page's worth from each.
            var walkQuery = query.Sort == SearchSort.Relevance ? query with { Sort = SearchSort.Newest } : query;
            var candidates = new List<Candidate>();
            foreach (var agency in agencies)
            {
                candidates.AddRange(await WalkAsync(connection, null, walkQuery, [agency], page * pageSize, cancellationToken));
            }

            var rows = Order(candidates, walkQuery.Sort).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(c => new Match(c.RowId, c.SubmittedAt, c.Deadline, 0)).ToList();
            var walkedHits = await FetchPageAsync(connection, rows, query, text, cancellationToken);
            var (walkedTotal, walkedFacets) = query.IncludeFacets || page > 1 || walkedHits.Count >= pageSize
                ? await CountAsync(command, from, query, cancellationToken)
                : (walkedHits.Count, new Dictionary<string, IReadOnlyDictionary<string, long>>());
            return Bounded(walkedHits, walkedTotal, walkedFacets, query);
        }

        var scoreColumn = "0.0";

        command.CommandText = $"""
            SELECT d.tracking_code, d.submission_id, d.kind, d.title, d.content, d.field, d.system, d.agency,
                   d.locality, d.status, d.submitted_at, d.updated_at, d.deadline, d.overdue, d.assignee_id,
                   d.assignee_name, d.published, d.public_answer, d.satisfaction, {scoreColumn} AS score
            {from}
            ORDER BY {order}
            LIMIT {InvariantNumber(pageSize)} OFFSET {InvariantNumber((long)(page - 1) * pageSize)};
            """;

        var hits = new List<SearchHit>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var doc = ReadDocument(reader, query.Scope.IsPublic, query.Now);
                var highlight = SearchHighlighter.Highlight(text, doc.Content, doc.PublicAnswer, doc.Title);
                hits.Add(new SearchHit(doc, -reader.GetDouble(19), highlight));
            }
        }

        long total;
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (!query.IncludeFacets && page == 1 && hits.Count < pageSize)
        {
            total = hits.Count;
        }
        else
        {
            (total, facets) = await CountAsync(command, from, query, cancellationToken);
        }

        return Bounded(hits, total, facets, query);
    }

    /// <summary>
    /// Counts the matches up to the threshold (one more tells whether there are more) and, when
    /// asked, the facets of those same rows: bounded work however common the words are. Below the
    /// threshold both are exact; above it the total is a lower bound and the facets a sample.
    /// </summary>
    private static async Task<(long Count, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets)> CountAsync(
        SqliteCommand command, StringBuilder from, SearchQuery query, CancellationToken ct)
    {
        var limit = InvariantNumber((long)Math.Max(1, query.TotalHitsThreshold) + 1);
        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (!query.IncludeFacets)
        {
            command.CommandText = $"SELECT count(*) FROM (SELECT 1 {from} LIMIT {limit})";
            return ((long)(await command.ExecuteScalarAsync(ct) ?? 0L), facets);
        }

        // One pass for the total and all three facets: group by the combination, sum in C#.
        command.CommandText = $"""
            SELECT status, field, agency, count(*) FROM (SELECT d.status, d.field, d.agency {from} LIMIT {limit})
            GROUP BY status, field, agency
            """;
        var status = new Dictionary<string, long>();
        var field = new Dictionary<string, long>();
        var agency = new Dictionary<string, long>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var count = reader.GetInt64(3);
                total += count;
                Add(status, reader.GetString(0), count);
                Add(field, reader.GetString(1), count);
                if (!reader.IsDBNull(2))
                {
                    Add(agency, reader.GetString(2), count);
                }
            }
        }

        facets[SearchResults.StatusFacet] = status;
        facets[SearchResults.FieldFacet] = field;
        facets[SearchResults.AgencyFacet] = agency;
        return (total, facets);

        static void Add(Dictionary<string, long> counts, string key, long count) =>
            counts[key] = counts.GetValueOrDefault(key) + count;
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

    /// <summary>
    /// Every term must match in its folded form (phrases as FTS phrases); scope tags are AND-ed in.
    /// </summary>
    private static string MatchExpression(SearchText text, bool isPublic, IReadOnlyCollection<string>? agencies, bool titleOnly = false)
    {
        static string Expr(IEnumerable<SearchText.Part> parts, Func<SearchText.Part, IReadOnlyList<string>> tokens) =>
            string.Join(" AND ", parts.Select(p => Quote(string.Join(' ', tokens(p)))));

        var folded = (titleOnly ? "title_f" : "{title_f content_f answer_f}") + " : (" + Expr(text.Parts, p => p.Folded) + ")";
        var match = $"({folded})";
        if (isPublic)
        {
            match += " AND tags : " + PublishedTag;
        }

        if (agencies is not null)
        {
            match += " AND tags : (" + string.Join(" OR ", agencies.Select(AgencyTag)) + ")";
        }

        return match;
    }

    private static void AppendFilters(StringBuilder sql, SqliteCommand command, SearchQuery q, IReadOnlyCollection<string>? agencies)
    {
        if (q.Scope.IsPublic)
        {
            sql.Append(" AND d.published = 1");
        }

        if (agencies is not null)
        {
            AppendIn(sql, command, "d.agency", agencies, "agency");
        }

        if (q.Statuses.Count > 0)
        {
            AppendIn(sql, command, "d.status", q.Statuses, "status");
        }

        if (q.Kinds.Count > 0)
        {
            AppendIn(sql, command, "d.kind", q.Kinds, "kind");
        }

        if (q.Fields.Count > 0)
        {
            AppendIn(sql, command, "d.field", q.Fields, "field");
        }

        if (q.Localities.Count > 0)
        {
            AppendIn(sql, command, "d.locality", q.Localities, "locality");
        }

        if (q.AssigneeId is { } assignee && !q.Scope.IsPublic)
        {
            sql.Append(" AND d.assignee_id = $assignee");
            command.Parameters.AddWithValue("$assignee", assignee);
        }

        var clockRunning = "d.status IN (" + string.Join(",", OpenStatuses.ClockRunning.Select(s => $"'{s}'")) + ")";
        if (q.Overdue is { } overdue)
        {
            // Computed at query time: the stored flag goes stale as the clock moves.
            command.Parameters.AddWithValue("$now", q.Now.ToUnixTimeMilliseconds());
            sql.Append(overdue
                ? $" AND d.deadline IS NOT NULL AND d.deadline < $now AND {clockRunning}"
                : $" AND NOT (d.deadline IS NOT NULL AND d.deadline < $now AND {clockRunning})");
        }

        if (q.DueBefore is { } dueBefore)
        {
            command.Parameters.AddWithValue("$dueBefore", dueBefore.ToUnixTimeMilliseconds());
            sql.Append($" AND d.deadline IS NOT NULL AND d.deadline <= $dueBefore AND {clockRunning}");
        }

        if (q.SubmittedFrom is { } fromDate)
        {
            command.Parameters.AddWithValue("$from", fromDate.ToUnixTimeMilliseconds());
            sql.Append(" AND d.submitted_at >= $from");
        }

        if (q.SubmittedTo is { } toDate)
        {
            command.Parameters.AddWithValue("$to", toDate.ToUnixTimeMilliseconds());
            sql.Append(" AND d.submitted_at <= $to");
        }
    }

    private static void AppendIn(StringBuilder sql, SqliteCommand command, string column, IReadOnlyCollection<string> values, string prefix)
    {
        sql.Append(" AND ").Append(column).Append(" IN (");
        var i = 0;
        foreach (var v in values)
        {
            var name = $"${prefix}{i}";
            sql.Append(i == 0 ? "" : ",").Append(name);
            command.Parameters.AddWithValue(name, v);
            i++;
        }

        sql.Append(')');
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
