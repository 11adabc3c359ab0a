using System.Globalization;
using System.Text;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Character-by-character Vietnamese folding for the index: one output char per NFC input char, so
/// a match in folded text maps straight back to the same range of the original (used for
/// highlighting). For NFC Vietnamese it gives the same result as <c>VietnameseText.Fold</c>, from
/// a lookup table instead of two Unicode normalisations per string.
/// </summary>
public static class SearchFolding
{
    private static readonly char[] FoldTable = BuildTable(fold: true);
    private static readonly char[] ExactTable = BuildTable(fold: false);

    /// <summary>NFC, lower case, marks removed, đ/Đ → d. Same length as the NFC form of the input.</summary>
    public static string Fold(string? text) => Map(text, FoldTable);

    /// <summary>NFC, lower case, diacritics kept: the "exact" form that ranks accented matches first.</summary>
    public static string Exact(string? text) => Map(text, ExactTable);

    /// <summary>Folds text already in NFC; the result has the same length, char for char.</summary>
    public static string FoldNfc(string nfc) => string.Create(nfc.Length, nfc, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++)
        {
            span[i] = FoldTable[s[i]];
        }
    });

    public static string ToNfc(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    private static string Map(string? text, char[] table)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var nfc = ToNfc(text);
        return string.Create(nfc.Length, nfc, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = table[s[i]];
            }
        });
    }

    private static char[] BuildTable(bool fold)
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            table[i] = char.IsSurrogate(c) ? c : MapChar(c, fold);
        }

        return table;
    }

    private static char MapChar(char c, bool fold)
    {
        var lower = char.ToLowerInvariant(c);
        if (!fold)
        {
            return lower;
        }

        if (c is 'đ' or 'Đ')
        {
            return 'd';
        }

        string decomposed;
        try
        {
            decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return lower; // noncharacters cannot be normalised; they never occur in real text
        }

        char? baseChar = null;
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (baseChar is not null)
            {
                return lower; // decomposes into several letters (e.g. Hangul): keep as is
            }

            baseChar = d;
        }

        // A lone combining mark folds away in VietnameseText.Fold; here it becomes a separator.
        return baseChar is { } b ? char.ToLowerInvariant(b) : ' ';
    }
}
