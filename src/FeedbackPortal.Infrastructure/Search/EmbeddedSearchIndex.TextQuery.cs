using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    private readonly record struct Match(long RowId, long SubmittedAt, long? Deadline, int Score);

    /// <summary>
    /// Relevance is computed here rather than with FTS5's bm25: bm25 first counts, for its IDF, every
    /// document of the whole index containing each query word, which for frequent Vietnamese syllables
    /// (số, công, dân…) means decoding doclists of most of the million documents on every query.
    /// Every match already contains all the words; what ranks it is where they are: words of the query
    /// in the title (folded), more so typed exactly with their accents, a quoted phrase in the title.
    /// Ties go to the newest case.
    /// Work is bounded (issue 5's p95): the page comes from a walk in sort order over the FTS match
    /// set (see TopK), relevance from the title-only match set when it fills the page, and the total
    /// and facets from at most TotalHitsThreshold + 1 matches. Only rankings the shortcuts cannot
    /// serve (accented words, or too few title matches) read every match's sort key.
    /// </summary>
    private static async Task<SearchResults> SearchTextAsync(SqliteConnection connection, SqliteCommand command, StringBuilder from,
        SearchQuery query, SearchText text, IReadOnlyCollection<string>? agencies, int page, int pageSize, int directFetchLimit, CancellationToken ct)
    {
        var need = page * pageSize;
        var threshold = Math.Max(1, query.TotalHitsThreshold);

        // One bounded pass: sort keys and facet columns of at most threshold + 1 matches. Below the
        // threshold this is every match (exact total, facets and order); above it, a sample. Streamed
        // into counters and a top-k buffer: no per-match list (large arrays cost gen-2 collections).
        command.CommandText = $"SELECT d.rowid, d.submitted_at, d.deadline, d.status, d.field, d.agency {from} LIMIT {InvariantNumber(threshold + 1L)}";
        var status = new Dictionary<string, long>();
        var field = new Dictionary<string, long>();
        var agency = new Dictionary<string, long>();
        var keepOrder = query.Sort is SearchSort.Newest or SearchSort.Deadline;
        var ordered = new TopK<Candidate>(need, c => Order(c, query.Sort));
        long count = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (++count > threshold)
                {
                    break;
                }

                if (keepOrder)
                {
                    ordered.Add(new Candidate(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
                }

                if (query.IncludeFacets)
                {
                    Increment(status, reader.GetString(3));
                    Increment(field, reader.GetString(4));
                    if (!reader.IsDBNull(5))
                    {
                        Increment(agency, reader.GetString(5));
                    }
                }
            }
        }

        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (query.IncludeFacets)
        {
            facets[SearchResults.StatusFacet] = status;
            facets[SearchResults.FieldFacet] = field;
            facets[SearchResults.AgencyFacet] = agency;
        }

        var complete = count <= threshold;
        List<Match>? pageRows = null;
        if (query.Sort is SearchSort.Newest or SearchSort.Deadline)
        {
            if (complete)
            {
                pageRows = ordered.Result().Select(c => new Match(c.RowId, c.SubmittedAt, c.Deadline, 0)).ToList();
            }
            else
            {
                var members = await MatchRowIdsAsync(connection, MatchExpression(text, query.Scope.IsPublic, agencies), ct);
                pageRows = (await FirstMembersAsync(connection, members, query, agencies, need, directFetchLimit, ct))
                    .Select(c => new Match(c.RowId, c.SubmittedAt, c.Deadline, 0)).ToList();
            }
        }
        else if (TitleScorer.TopScoreIsUniform(text))
        {
            // Title-first: matches with every word (and phrase) in the title share the top score and
            // outrank all others; when they fill the page, it is theirs, newest first.
            var top = await MatchRowIdsAsync(connection, MatchExpression(text, query.Scope.IsPublic, agencies, titleOnly: true), ct);
            if (top.Count >= need)
            {
                var candidates = await FirstMembersAsync(connection, top, query with { Sort = SearchSort.Newest }, agencies, need, directFetchLimit, ct);
                if (candidates.Count >= need)
                {
                    var score = new TitleScorer(text).TopScore;
                    pageRows = candidates.Select(c => new Match(c.RowId, c.SubmittedAt, c.Deadline, score)).ToList();
                }
            }
        }

        pageRows ??= await RankAllAsync(command, from, query, text, need, ct);
        pageRows = pageRows.Skip((page - 1) * pageSize).ToList();
        var hits = await FetchPageAsync(connection, pageRows, query, text, ct);
        return Bounded(hits, count, facets, query);

        static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>The old, exact path for rankings the shortcuts cannot serve: reads every match's sort key.</summary>
    private static async Task<List<Match>> RankAllAsync(SqliteCommand command, StringBuilder from, SearchQuery query, SearchText text,
        int need, CancellationToken ct)
    {
        var relevance = query.Sort == SearchSort.Relevance;
        command.CommandText = $"SELECT d.rowid, d.submitted_at, d.deadline, {(relevance ? "d.title" : "NULL")} {from}";
        var scorer = relevance ? new TitleScorer(text) : null;
        var top = new TopK<Match>(need, matches => query.Sort switch
        {
            SearchSort.Newest => matches.OrderByDescending(m => m.SubmittedAt).ThenByDescending(m => m.RowId),
            SearchSort.Deadline => matches.OrderBy(m => m.Deadline is null).ThenBy(m => m.Deadline).ThenByDescending(m => m.SubmittedAt),
            _ => matches.OrderByDescending(m => m.Score).ThenByDescending(m => m.SubmittedAt).ThenByDescending(m => m.RowId),
        });
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                top.Add(new Match(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    scorer?.Score(reader.GetString(3)) ?? 0));
            }
        }

        return top.Result();
    }

    /// <summary>The first k items of a stream in an order; the buffer is trimmed to k when it fills.</summary>
    private sealed class TopK<T>(int k, Func<IEnumerable<T>, IOrderedEnumerable<T>> order)
    {
        // Big enough that trimming (a sort) is rare, small enough to stay off the large-object heap.
        private readonly int _capacity = Math.Max(2 * k, 2_048);
        private List<T> _items = [];

        public void Add(T item)
        {
            _items.Add(item);
            if (_items.Count >= _capacity)
            {
                _items = order(_items).Take(k).ToList();
            }
        }

        public List<T> Result() => order(_items).Take(k).ToList();
    }

    private static async Task<List<SearchHit>> FetchPageAsync(SqliteConnection connection, List<Match> pageRows, SearchQuery query,
        SearchText text, CancellationToken ct)
    {
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

        return hits;
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

        /// <summary>The score of a title holding every word and phrase of the query.</summary>
        public int TopScore => (10 * _folded.Count) + (20 * _phrases.Count) + (25 * _exact.Count);

        /// <summary>
        /// Without accented words every match with all words and phrases in its title scores
        /// <see cref="TopScore"/> and every other match less, so the title-only match set ranks first.
        /// </summary>
        public static bool TopScoreIsUniform(SearchText text) =>
            text.Parts.All(p => p.Exact.Zip(p.Folded).All(w => w.First == w.Second));

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
