using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    private readonly record struct Match(long RowId, string Status, string Field, string? Agency, long SubmittedAt, long? Deadline, int Score);

    /// <summary>
    /// Relevance is computed here rather than with FTS5's bm25: bm25 first counts, for its IDF, every
    /// document of the whole index containing each query word, which for frequent Vietnamese syllables
    /// (số, công, dân…) means decoding doclists of most of the million documents on every query.
    /// Every match already contains all the words; what ranks it is where they are: words of the query
    /// in the title (folded), more so typed exactly with their accents, a quoted phrase in the title.
    /// Ties go to the newest case.
    /// Text queries evaluate the FTS match once: the matches' sort keys and facet columns are read in
    /// one pass, counted, sorted and paged in C#, then only the page's rows are fetched. (Running the
    /// MATCH again for the count and the facets doubled the cost: decoding the doclists of frequent
    /// Vietnamese syllables is most of it.)
    /// </summary>
    private static async Task<SearchResults> SearchTextAsync(SqliteConnection connection, SqliteCommand command, StringBuilder from,
        SearchQuery query, SearchText text, int page, int pageSize, CancellationToken ct)
    {
        var relevance = query.Sort == SearchSort.Relevance;
        command.CommandText = $"SELECT d.rowid, d.status, d.field, d.agency, d.submitted_at, d.deadline, {(relevance ? "d.title" : "NULL")} {from}";
        var scorer = relevance ? new TitleScorer(text) : null;
        var matches = new List<Match>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                matches.Add(new Match(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), scorer?.Score(reader.GetString(6)) ?? 0));
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
            _ => matches.OrderByDescending(m => m.Score).ThenByDescending(m => m.SubmittedAt).ThenByDescending(m => m.RowId),
        };
        var pageRows = ordered.Skip((page - 1) * pageSize).Take(pageSize).ToList();

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
                    hits.Add(new SearchHit(doc, row.Score, SearchHighlighter.Highlight(text, doc.Content, doc.PublicAnswer, doc.Title)));
                }
            }
        }

        return new SearchResults(hits, matches.Count, facets);
    }

    /// <summary>Scores a title against the query: folded word hits, exact accented hits, phrases.</summary>
    private sealed class TitleScorer
    {
        private readonly HashSet<string> _folded;
        private readonly HashSet<string> _exact;
        private readonly List<IReadOnlyList<string>> _phrases;

        public TitleScorer(SearchText text)
        {
            _folded = text.Parts.SelectMany(p => p.Folded).ToHashSet(StringComparer.Ordinal);
            // Only words typed with diacritics say anything beyond the folded match.
            _exact = text.Parts.SelectMany(p => p.Exact.Zip(p.Folded)).Where(w => w.First != w.Second).Select(w => w.First)
                .ToHashSet(StringComparer.Ordinal);
            _phrases = text.Parts.Where(p => p.IsPhrase).Select(p => p.Folded).ToList();
        }

        public int Score(string title)
        {
            var nfc = SearchFolding.ToNfc(title);
            var folded = SearchText.Tokenize(SearchFolding.FoldNfc(nfc));
            var score = 10 * _folded.Count(folded.Contains);
            if (_exact.Count > 0)
            {
                var exact = SearchText.Tokenize(SearchFolding.Exact(nfc));
                score += 25 * _exact.Count(exact.Contains);
            }

            foreach (var phrase in _phrases)
            {
                for (var i = 0; i + phrase.Count <= folded.Count; i++)
                {
                    if (folded.Skip(i).Take(phrase.Count).SequenceEqual(phrase, StringComparer.Ordinal))
                    {
                        score += 20;
                        break;
                    }
                }
            }

            return score;
        }
    }
}
