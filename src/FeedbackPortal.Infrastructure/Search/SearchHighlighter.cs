using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Builds a short HTML fragment around the first match, computed on the original text: folding is
/// one char per NFC char, so token matches in the folded copy are ranges of the original. Text is
/// HTML-escaped; matches are wrapped in &lt;mark&gt;.
/// </summary>
public static class SearchHighlighter
{
    // Escapes markup characters but leaves Vietnamese letters readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public const int DefaultLength = 180;

    /// <summary>The fragment of the first source with a match, or null when none matches.</summary>
    public static string? Highlight(SearchText text, params string?[] sources)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        foreach (var source in sources)
        {
            if (Fragment(text, source) is { } fragment)
            {
                return fragment;
            }
        }

        return null;
    }

    public static string? Fragment(SearchText text, string? source, int maxLength = DefaultLength)
    {
        if (text.IsEmpty || string.IsNullOrEmpty(source))
        {
            return null;
        }

        var original = SearchFolding.ToNfc(source);
        var folded = SearchFolding.FoldNfc(original);
        var tokens = Tokens(folded);
        var marks = new List<(int Start, int End)>();
        var terms = text.Parts.Where(p => !p.IsPhrase).Select(p => p.Folded[0]).ToHashSet(StringComparer.Ordinal);
        var phrases = text.Parts.Where(p => p.IsPhrase).Select(p => p.Folded).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = folded.Substring(tokens[i].Start, tokens[i].Length);
            if (terms.Contains(word))
            {
                marks.Add((tokens[i].Start, tokens[i].Start + tokens[i].Length));
                continue;
            }

            foreach (var phrase in phrases)
            {
                if (i + phrase.Count <= tokens.Count && Enumerable.Range(0, phrase.Count)
                        .All(k => folded.AsSpan(tokens[i + k].Start, tokens[i + k].Length).SequenceEqual(phrase[k])))
                {
                    var last = tokens[i + phrase.Count - 1];
                    marks.Add((tokens[i].Start, last.Start + last.Length));
                    i += phrase.Count - 1;
                    break;
                }
            }
        }

        if (marks.Count == 0)
        {
            return null;
        }

        // Start a little before the first match, on a word boundary.
        var start = Math.Max(0, marks[0].Start - (maxLength / 4));
        while (start > 0 && start < marks[0].Start && char.IsLetterOrDigit(original[start - 1]))
        {
            start++;
        }

        var end = Math.Min(original.Length, Math.Max(start + maxLength, marks[0].End));
        while (end < original.Length && end > marks[0].End && char.IsLetterOrDigit(original[end]))
        {
            end--;
        }

        var sb = new StringBuilder(maxLength + 64);
        if (start > 0)
        {
            sb.Append('…');
        }

        var position = start;
        foreach (var (markStart, markEnd) in marks)
        {
            if (markStart < position || markEnd > end)
            {
                continue;
            }

            sb.Append(Encoder.Encode(original[position..markStart]))
                .Append("<mark>").Append(Encoder.Encode(original[markStart..markEnd])).Append("</mark>");
            position = markEnd;
        }

        sb.Append(Encoder.Encode(original[position..end]));
        if (end < original.Length)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    private static List<(int Start, int Length)> Tokens(string folded)
    {
        var tokens = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                tokens.Add((start, i - start));
                start = -1;
            }
        }

        return tokens;
    }
}
