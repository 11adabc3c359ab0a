namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    /// <summary>
    /// Text queries. Every match contains all the words (phrases as phrases) in its folded title,
    /// content or answer. Relevance is tiered rather than FTS5's bm25 (whose IDF counts, per word, every
    /// document of the whole index containing it — for frequent Vietnamese syllables, most of them):
    /// cases whose title holds every word typed with its accents first (when any word has accents),
    /// then cases whose title holds every word, then the rest; newest first within a tier.
    /// <para>
    /// Work is bounded: the total and facets come from at most <see cref="SearchQuery.TotalHitsThreshold"/> + 1 matches, newest first
    /// (beyond it the total is a lower bound and the facets describe the newest matches), and each tier
    /// is read newest first only until the page is full. Only the deadline order reads every match.
    /// </para>
    /// </summary>
    private static Found MatchText(EmbeddedFtsScan scan, SearchQuery query, SearchText text, int need, EmbeddedFacetCounter? facets)
    {
        var threshold = Math.Max(1, query.TotalHitsThreshold);
        var any = MatchExpression(text);
        if (query.Sort == SearchSort.Deadline)
        {
            var top = new EmbeddedTopRows(need, DocRow.DeadlineFirst);
            long all = 0;
            foreach (var row in scan.All(any))
            {
                all++;
                facets?.Add(in row);
                top.Add(in row);
            }

            return new Found(top.Result().Select(r => (r, 0)).ToList(), all);
        }

        // Total and facets, newest first; the first 2 × need matches are kept: at most need − 1 of them
        // can be taken by the tiers, so they always hold the rest of the page.
        long count = 0;
        var newest = new List<DocRow>(2 * need);
        foreach (var row in scan.NewestFirst(any, threshold + 1L))
        {
            if (++count <= threshold)
            {
                facets?.Add(in row);
            }

            if (newest.Count < 2 * need)
            {
                newest.Add(row);
            }

            if (count > threshold && newest.Count >= 2 * need)
            {
                break;
            }
        }

        var rows = new List<(DocRow Row, int Score)>(need);
        var taken = new HashSet<long>();
        if (query.Sort == SearchSort.Relevance && count > 0)
        {
            // A tier that fills the page ends the search; one that does not was read to its end. The
            // density of all matches sizes the first window (a tier is at most as dense).
            foreach (var (match, score) in Tiers(text))
            {
                foreach (var row in scan.NewestFirst(match, need, scan.Density / 2))
                {
                    if (taken.Add(row.RowId))
                    {
                        rows.Add((row, score));
                        if (rows.Count >= need)
                        {
                            break;
                        }
                    }
                }

                if (rows.Count >= need)
                {
                    break;
                }
            }
        }

        rows.AddRange(newest.Where(r => !taken.Contains(r.RowId)).Take(need - rows.Count).Select(r => (r, 0)));
        return new Found(rows, count);
    }

    /// <summary>The relevance tiers above "anywhere": the title with the typed accents, the title folded.</summary>
    private static IEnumerable<(string Match, int Score)> Tiers(SearchText text)
    {
        var title = "title_f : (" + string.Join(" AND ", text.Parts.Select(p => Quote(string.Join(' ', p.Folded)))) + ")";
        // Only words typed with diacritics say anything beyond the folded match.
        var accented = text.Parts.Where(p => p.Exact.Zip(p.Folded).Any(w => w.First != w.Second)).ToList();
        if (accented.Count > 0)
        {
            yield return ($"{title} AND title_x : ({string.Join(" AND ", accented.Select(p => Quote(string.Join(' ', p.Exact))))})", 2);
        }

        yield return (title, 1);
    }

    /// <summary>Every part in its folded form, in any column (phrases as FTS phrases).</summary>
    private static string MatchExpression(SearchText text) =>
        string.Join(" AND ", text.Parts.Select(p => Quote(string.Join(' ', p.Folded))));
}
