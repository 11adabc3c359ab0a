using System.Globalization;
using System.Text;

namespace FeedbackPortal.Domain.Text;

/// <summary>
/// Folds Vietnamese text for matching: NFC and NFD input alike, tone and vowel marks removed,
/// đ/Đ to d, lower case. "Chuyển đổi số" and "chuyen doi so" fold to the same string.
/// </summary>
public static class VietnameseText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            });
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Lower-cased NFC form, keeping diacritics: used to rank exact accented matches first.</summary>
    public static string Exact(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.Normalize(NormalizationForm.FormC).ToLowerInvariant();
}
