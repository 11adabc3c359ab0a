using FeedbackPortal.Domain.Text;

namespace FeedbackPortal.Domain.Agencies;

/// <summary>
/// Ranks communes for the type-ahead. Diacritics are optional ("cam giang" finds Cẩm Giàng and
/// Cẩm Giang), but what the citizen typed with tone marks counts: nine pairs in one province differ
/// only by a mark, so an exact match with the marks ranks above one that matches only once folded.
/// </summary>
public static class CommuneRanking
{
    private static readonly string[] KindPrefixes = ["xa ", "phuong ", "dac khu ", "thi tran ", "ward ", "commune "];

    public static IReadOnlyList<Commune> Rank(IEnumerable<Commune> communes, string? query, int limit)
    {
        ArgumentNullException.ThrowIfNull(communes);
        var (exact, folded) = Normalise(query);
        if (folded.Length == 0)
        {
            return [];
        }

        return communes
            .Select(c => (Commune: c, Tier: Tier(c.NameVi, exact, folded)))
            .Where(x => x.Tier < NoMatch)
            .OrderBy(x => x.Tier)
            .ThenBy(x => x.Commune.NameVi.Length)
            .ThenBy(x => x.Commune.NameVi, StringComparer.Create(Vietnamese, ignoreCase: true))
            .ThenBy(x => x.Commune.LocalityCode, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => x.Commune)
            .ToList();
    }

    private static readonly System.Globalization.CultureInfo Vietnamese = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");

    private const int NoMatch = int.MaxValue;

    /// <summary>
    /// Lower is better: the whole name, then its start, then a word's start, then anywhere; at each
    /// step a match with the marks as typed before one found only once folded. So "Cẩm Giàng" gives
    /// Cẩm Giàng, then its twin Cẩm Giang, then Cẩm Giàng Thượng.
    /// </summary>
    private static int Tier(string name, string exactQuery, string foldedQuery)
    {
        var exactName = Words(VietnameseText.Exact(name));
        var foldedName = Words(VietnameseText.Fold(name));
        if (exactName == exactQuery)
        {
            return 0;
        }

        if (foldedName == foldedQuery)
        {
            return 1;
        }

        if (exactName.StartsWith(exactQuery, StringComparison.Ordinal))
        {
            return 2;
        }

        if (foldedName.StartsWith(foldedQuery, StringComparison.Ordinal))
        {
            return 3;
        }

        if (exactName.Contains(' ' + exactQuery, StringComparison.Ordinal))
        {
            return 4;
        }

        if (foldedName.Contains(' ' + foldedQuery, StringComparison.Ordinal))
        {
            return 5;
        }

        return foldedName.Contains(foldedQuery, StringComparison.Ordinal) ? 6 : NoMatch;
    }

    /// <summary>The query with the marks as typed and folded; a leading "xã"/"phường"/"đặc khu" is dropped.</summary>
    private static (string Exact, string Folded) Normalise(string? query)
    {
        var exact = Words(VietnameseText.Exact(query));
        var folded = Words(VietnameseText.Fold(query));
        foreach (var prefix in KindPrefixes)
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal) && folded.Length > prefix.Length)
            {
                folded = folded[prefix.Length..];
                var words = prefix.Count(c => c == ' ');
                exact = string.Join(' ', exact.Split(' ').Skip(words));
                break;
            }
        }

        return (exact, folded);
    }

    private static string Words(string text) =>
        string.Join(' ', text.Split([' ', '\t', ',', '.', '-'], StringSplitOptions.RemoveEmptyEntries));
}
