using System.Text;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>A parsed free-text query: plain terms and quoted phrases, each in folded and exact form.</summary>
public sealed record SearchText(IReadOnlyList<SearchText.Part> Parts)
{
    public sealed record Part(IReadOnlyList<string> Folded, IReadOnlyList<string> Exact, bool IsPhrase);

    public bool IsEmpty => Parts.Count == 0;

    public static SearchText Parse(string? text)
    {
        var parts = new List<Part>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SearchText(parts);
        }

        var normalized = text.Normalize(NormalizationForm.FormC);
        var segments = normalized.Split('"');
        for (var i = 0; i < segments.Length; i++)
        {
            var inQuotes = i % 2 == 1 && i < segments.Length - 1;
            var tokens = Tokenize(segments[i]);
            if (tokens.Count == 0)
            {
                continue;
            }

            if (inQuotes && tokens.Count > 1)
            {
                parts.Add(new Part(tokens.Select(SearchFolding.Fold).ToList(), tokens.Select(SearchFolding.Exact).ToList(), true));
            }
            else
            {
                parts.AddRange(tokens.Select(t => new Part([SearchFolding.Fold(t)], [SearchFolding.Exact(t)], false)));
            }
        }

        return new SearchText(parts);
    }

    /// <summary>Splits on anything that is not a letter, digit or combining mark.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0)
            {
                tokens.Add(sb.ToString());
                sb.Clear();
            }
        }

        if (sb.Length > 0)
        {
            tokens.Add(sb.ToString());
        }

        return tokens;
    }
}
