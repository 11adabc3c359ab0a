using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    private readonly record struct Match(long RowId, string Status, string Field, string? Agency, long SubmittedAt, long? Deadline, double Score);

    /// <summary>
    /// Text queries evaluate the FTS match once: the matches' sort keys and facet columns are read in
    /// one pass, counted, sorted and paged in C#, then only the page's rows are fetched. (Running the
    /// MATCH again for the count and the facets doubled the cost: decoding the doclists of frequent
    /// Vietnamese syllables is most of it.)
    /// </summary>
    private static async Task<SearchResults> SearchTextAsync(SqliteConnection connection, SqliteCommand command, StringBuilder from,
        SearchQuery query, SearchText text, int page, int pageSize, CancellationToken ct)
    {
        var relevance = query.Sort == SearchSort.Relevance;
        command.CommandText = $"SELECT d.rowid, d.status, d.field, d.agency, d.submitted_at, d.deadline, {(relevance ? Score : "0.0")} {from}";
        var matches = new List<Match>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                matches.Add(new Match(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetDouble(6)));
            }
        }

        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (query.IncludeFacets)
        {
            facets[SearchResults.StatusFacet] = matches.CountBy(m => m.Status).ToDictionary(g => g.Key, g => (long)g.Value);
            facets[SearchResults.FieldFacet] = matches.CountBy(m => m.Field).ToDictionary(g => g.Key, g => (long)g.Value);
            facets[SearchResults.AgencyFacet] = matches.Where(m => m.Agency is not null).CountBy(m => m.Agency!).ToDictionary(g => g.Key, g => (long)g.Value);
        }

        IEnumerable<Match> ordered = query.Sort switch
        {
            SearchSort.Newest => matches.OrderByDescending(m => m.SubmittedAt).ThenByDescending(m => m.RowId),
            SearchSort.Deadline => matches.OrderBy(m => m.Deadline is null).ThenBy(m => m.Deadline).ThenByDescending(m => m.SubmittedAt),
            _ => matches.OrderBy(m => m.Score).ThenByDescending(m => m.SubmittedAt), // bm25: lower is better
        };
        var skip = (page - 1) * pageSize;
        List<Match> pageRows;
        if (relevance && text.Parts.Any(p => !p.Exact.SequenceEqual(p.Folded)))
        {
            // An accented query: among the best candidates, exact accented matches come first.
            var candidates = ordered.Take(Math.Max(ExactRerankWindow, skip + pageSize)).ToList();
            var exactHits = await ExactHitsAsync(connection, candidates, text, ct);
            pageRows = candidates.Select((m, i) => (m, i))
                .OrderByDescending(x => exactHits.GetValueOrDefault(x.m.RowId))
                .ThenBy(x => x.i)
                .Select(x => x.m)
                .Concat(ordered.Skip(candidates.Count))
                .Skip(skip).Take(pageSize).ToList();
        }
        else
        {
            pageRows = ordered.Skip(skip).Take(pageSize).ToList();
        }

        var hits = new List<SearchHit>(pageRows.Count);
        if (pageRows.Count > 0)
        {
            await using var fetch = connection.CreateCommand();
            fetch.CommandText = $"""
                SELECT d.tracking_code, d.submission_id, d.kind, d.title, d.content, d.field, d.system, d.agency,
                       d.locality, d.status, d.submitted_at, d.updated_at, d.deadline, d.overdue, d.assignee_id,
                       d.assignee_name, d.published, d.public_answer, d.satisfaction, d.rowid
                FROM docs d WHERE d.rowid IN ({string.Join(',', pageRows.Select(r => InvariantNumber(r.RowId)))});
                """;
            var documents = new Dictionary<long, SearchDocument>();
            await using (var reader = await fetch.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    documents[reader.GetInt64(19)] = ReadDocument(reader, query.Scope.IsPublic, query.Now);
                }
            }

            foreach (var row in pageRows)
            {
                if (documents.TryGetValue(row.RowId, out var doc))
                {
                    hits.Add(new SearchHit(doc, -row.Score, SearchHighlighter.Highlight(text, doc.Content, doc.PublicAnswer, doc.Title)));
                }
            }
        }

        return new SearchResults(hits, matches.Count, facets);
    }

    private const int ExactRerankWindow = 100;

    /// <summary>
    /// How strongly each candidate matches the query's accented words as typed: a title hit counts
    /// ten times a content hit, so "cá" puts "Nuôi cá lồng" before "Bảo tồn ca trù".
    /// </summary>
    private static async Task<Dictionary<long, int>> ExactHitsAsync(SqliteConnection connection, List<Match> candidates, SearchText text, CancellationToken ct)
    {
        var result = new Dictionary<long, int>();
        if (candidates.Count == 0)
        {
            return result;
        }

        var words = text.Parts.SelectMany(p => p.Exact).ToHashSet(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, title, content FROM docs WHERE rowid IN ({string.Join(',', candidates.Select(c => InvariantNumber(c.RowId)))})";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var title = SearchText.Tokenize(SearchFolding.Exact(reader.GetString(1))).ToHashSet(StringComparer.Ordinal);
            var content = SearchText.Tokenize(SearchFolding.Exact(reader.GetString(2))).ToHashSet(StringComparer.Ordinal);
            result[reader.GetInt64(0)] = (10 * words.Count(title.Contains)) + words.Count(content.Contains);
        }

        return result;
    }
}
