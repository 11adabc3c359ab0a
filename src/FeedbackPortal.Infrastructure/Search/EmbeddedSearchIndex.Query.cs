using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    // bm25 weights per FTS column: title_f, content_f, answer_f, title_x, content_x.
    // Titles outrank content; the exact (accented) columns add on top of the folded ones.
    private const string Rank = "bm25(fts, 10.0, 1.0, 1.0, 12.0, 1.5)";

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = SearchText.Parse(query.Text);
        await using var connection = Open(ActivePath());
        await using var command = connection.CreateCommand();

        var from = new StringBuilder();
        if (text.IsEmpty)
        {
            from.Append("FROM docs d WHERE 1=1");
        }
        else
        {
            from.Append("FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH $match");
            command.Parameters.AddWithValue("$match", MatchExpression(text));
        }

        AppendFilters(from, command, query);

        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var order = query.Sort switch
        {
            SearchSort.Newest => "d.submitted_at DESC, d.rowid DESC",
            SearchSort.Deadline => "d.deadline IS NULL, d.deadline ASC, d.submitted_at DESC",
            _ when !text.IsEmpty => "rank ASC, d.submitted_at DESC",
            _ => "d.submitted_at DESC, d.rowid DESC",
        };
        var rankColumn = text.IsEmpty ? "0.0" : Rank;

        command.CommandText = $"""
            SELECT d.tracking_code, d.submission_id, d.kind, d.title, d.content, d.field, d.system, d.agency,
                   d.locality, d.status, d.submitted_at, d.updated_at, d.deadline, d.overdue, d.assignee_id,
                   d.assignee_name, d.published, d.public_answer, d.satisfaction, {rankColumn} AS rank
            {from}
            ORDER BY {order}
            LIMIT {InvariantNumber(pageSize)} OFFSET {InvariantNumber((long)(page - 1) * pageSize)};
            """;

        var hits = new List<SearchHit>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var doc = ReadDocument(reader, query.Scope.IsPublic);
                hits.Add(new SearchHit(doc, -reader.GetDouble(19), null));
            }
        }

        command.CommandText = $"SELECT count(*) {from}";
        var total = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);

        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (query.IncludeFacets)
        {
            foreach (var (facet, column) in new[] { (SearchResults.StatusFacet, "status"), (SearchResults.FieldFacet, "field"), (SearchResults.AgencyFacet, "agency") })
            {
                command.CommandText = $"SELECT d.{column}, count(*) {from} AND d.{column} IS NOT NULL GROUP BY d.{column}";
                var counts = new Dictionary<string, long>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    counts[reader.GetString(0)] = reader.GetInt64(1);
                }

                facets[facet] = counts;
            }
        }

        return new SearchResults(hits, total, facets);
    }

    /// <summary>
    /// Every term must match in its folded form; the exact accented form is OR-ed in so documents
    /// that also match it exactly score higher.
    /// </summary>
    private static string MatchExpression(SearchText text)
    {
        static string Expr(IEnumerable<SearchText.Part> parts, Func<SearchText.Part, IReadOnlyList<string>> tokens) =>
            string.Join(" AND ", parts.Select(p => p.IsPhrase
                ? Quote(string.Join(' ', tokens(p)))
                : Quote(tokens(p)[0])));

        var folded = "{title_f content_f answer_f} : (" + Expr(text.Parts, p => p.Folded) + ")";
        var exact = "{title_x content_x} : (" + Expr(text.Parts, p => p.Exact) + ")";
        return $"({folded}) OR ({exact})";
    }

    private static void AppendFilters(StringBuilder sql, SqliteCommand command, SearchQuery q)
    {
        if (q.Scope.IsPublic)
        {
            sql.Append(" AND d.published = 1");
        }
        else if (q.Scope.Agencies is { } scoped)
        {
            if (scoped.Count == 0)
            {
                sql.Append(" AND 0 = 1");
            }
            else
            {
                AppendIn(sql, command, "d.agency", scoped, "scope");
            }
        }

        if (q.Agencies.Count > 0)
        {
            AppendIn(sql, command, "d.agency", q.Agencies, "agency");
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

    private static SearchDocument ReadDocument(SqliteDataReader r, bool publicOnly)
    {
        static string? S(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
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
            Status = r.GetString(9),
            SubmittedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
            Deadline = r.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
            Overdue = r.GetInt64(13) == 1,
            // Staff-only fields never leave the engine for public queries.
            AssigneeId = publicOnly ? null : S(r, 14),
            AssigneeName = publicOnly ? null : S(r, 15),
            Published = r.GetInt64(16) == 1,
            PublicAnswer = S(r, 17),
            Satisfaction = r.IsDBNull(18) ? null : (int)r.GetInt64(18),
        };
    }
}
