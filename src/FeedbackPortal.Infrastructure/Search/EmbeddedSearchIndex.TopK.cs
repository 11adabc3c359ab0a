using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Top-k without reading every match. The FTS match gives a set of rowids (FTS alone, no row
/// lookups); the page is then found by walking the docs in the requested order (agency + date or
/// agency + deadline index) and keeping the members of that set, stopping once the page is full.
/// For a common word in a large agency the walk reads a few hundred index entries instead of tens
/// of thousands of rows. Sparse sets are fetched directly by rowid instead.
/// </summary>
public sealed partial class EmbeddedSearchIndex
{
    /// <summary>Up to this many members of a range are fetched by rowid rather than found by a walk.</summary>
    public const int DefaultDirectFetchLimit = 2_000;

    private readonly record struct Candidate(long RowId, long SubmittedAt, long? Deadline);

    private static async Task<HashSet<long>> MatchRowIdsAsync(SqliteConnection connection, string match, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM fts WHERE fts MATCH $match";
        command.Parameters.AddWithValue("$match", match);
        var rowIds = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rowIds.Add(reader.GetInt64(0));
        }

        return rowIds;
    }

    /// <summary>
    /// The first <paramref name="need"/> members of <paramref name="members"/> that pass the query's
    /// filters, in the query's order (newest or deadline). Exact: ties at the cut are read to the end.
    /// </summary>
    private static async Task<List<Candidate>> FirstMembersAsync(SqliteConnection connection, HashSet<long> members, SearchQuery query,
        IReadOnlyCollection<string>? agencies, int need, int directFetchLimit, CancellationToken ct)
    {
        var found = new List<Candidate>();
        var walked = new HashSet<long>();
        if (members.Count > directFetchLimit)
        {
            // Rowids carry their agency's range, so the members per agency are known without a lookup.
            var perRange = members.CountBy(r => r >> AgencyRowIdShift).ToDictionary(g => g.Key, g => g.Value);
            foreach (var agency in agencies ?? [null!])
            {
                var key = agency is null ? -1 : AgencyRowIdKey(agency);
                if (agency is null || perRange.GetValueOrDefault(key) > directFetchLimit)
                {
                    found.AddRange(await WalkAsync(connection, members, query, agency is null ? agencies : [agency], need, ct));
                    walked.Add(key);
                }
            }
        }

        if (!walked.Contains(-1))
        {
            var rest = members.Where(r => !walked.Contains(r >> AgencyRowIdShift)).ToList();
            foreach (var chunk in rest.Chunk(DefaultDirectFetchLimit))
            {
                found.AddRange(await FetchKeysAsync(connection, chunk, query, agencies, ct));
            }
        }

        return Order(found, query.Sort).Take(need).ToList();
    }

    private static IOrderedEnumerable<Candidate> Order(IEnumerable<Candidate> candidates, SearchSort sort) => sort == SearchSort.Deadline
        ? candidates.OrderBy(c => c.Deadline is null).ThenBy(c => c.Deadline).ThenByDescending(c => c.SubmittedAt).ThenByDescending(c => c.RowId)
        : candidates.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.RowId);

    private static async Task<List<Candidate>> FetchKeysAsync(SqliteConnection connection, long[] rowIds, SearchQuery query,
        IReadOnlyCollection<string>? agencies, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT d.rowid, d.submitted_at, d.deadline FROM docs d WHERE d.rowid IN (")
            .AppendJoin(',', rowIds.Select(InvariantNumber)).Append(')');
        AppendFilters(sql, command, query, agencies);
        command.CommandText = sql.ToString();
        return await ReadCandidatesAsync(command, null, int.MaxValue, SearchSort.Newest, ct);
    }

    /// <summary>Walks one agency (or the whole scope when null) in order; the index streams the rows.</summary>
    private static async Task<List<Candidate>> WalkAsync(SqliteConnection connection, HashSet<long>? members, SearchQuery query,
        IReadOnlyCollection<string>? agencies, int need, CancellationToken ct)
    {
        var orders = query.Sort == SearchSort.Deadline
            ? new[] { (" AND d.deadline IS NOT NULL", "d.deadline ASC"), (" AND d.deadline IS NULL", "d.submitted_at DESC") }
            : [("", "d.submitted_at DESC")];
        var found = new List<Candidate>();
        foreach (var (condition, order) in orders)
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT d.rowid, d.submitted_at, d.deadline FROM docs d WHERE 1=1");
            AppendFilters(sql, command, query, agencies);
            sql.Append(condition).Append(" ORDER BY ").Append(order);
            command.CommandText = sql.ToString();
            found.AddRange(await ReadCandidatesAsync(command, members, need - found.Count,
                order.StartsWith("d.deadline", StringComparison.Ordinal) ? SearchSort.Deadline : SearchSort.Newest, ct));
            if (found.Count >= need)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>Reads members until <paramref name="need"/> are found, then on through ties of the sort key.</summary>
    private static async Task<List<Candidate>> ReadCandidatesAsync(SqliteCommand command, HashSet<long>? members, int need, SearchSort key,
        CancellationToken ct)
    {
        var found = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        long? cut = null;
        while (await reader.ReadAsync(ct))
        {
            var candidate = new Candidate(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
            var sortKey = key == SearchSort.Deadline ? candidate.Deadline : candidate.SubmittedAt;
            if (cut is not null && sortKey != cut)
            {
                break;
            }

            if (members is null || members.Contains(candidate.RowId))
            {
                found.Add(candidate);
                if (found.Count >= need)
                {
                    cut = sortKey;
                }
            }
        }

        return found;
    }
}
