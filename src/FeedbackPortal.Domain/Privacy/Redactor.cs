using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FeedbackPortal.Domain.Text;

namespace FeedbackPortal.Domain.Privacy;

/// <summary>
/// Proposes the public version of a citizen's text (Decree 13/2023/NĐ-CP): masks citizen ID numbers,
/// phone numbers, e-mail addresses, individuals' tax codes, bank accounts, street addresses and the
/// submitter's own name. It only proposes — staff read and edit the result before anything is
/// published, so the rules lean towards masking when a number is clearly personal and leave numbers
/// that are clearly not (years, amounts, legal document numbers, tracking codes) alone.
/// </summary>
public static partial class Redactor
{
    public const string IdMask = "[số CCCD]";
    public const string PhoneMask = "[số điện thoại]";
    public const string EmailMask = "[email]";
    public const string TaxCodeMask = "[mã số thuế]";
    public const string BankAccountMask = "[số tài khoản]";
    public const string AddressMask = "[địa chỉ]";
    public const string NameMask = "[họ tên]";

    // An account number: six or more digits with the separators people type inside numbers.
    private const string AccountDigits = @"\d(?:[ .\-]?\d){5,}";

    /// <summary>Masks the personal data found in <paramref name="text"/>; null stays null.</summary>
    public static string? Redact(string? text, string? submitterName = null, string? submitterEmail = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = text.Normalize(NormalizationForm.FormC);
        result = EmailPattern().Replace(result, EmailMask);
        if (!string.IsNullOrWhiteSpace(submitterEmail))
        {
            result = result.Replace(submitterEmail.Trim(), EmailMask, StringComparison.OrdinalIgnoreCase);
        }

        // Context-led patterns first: their numbers would otherwise be read as phones or IDs.
        result = BankAccountPattern().Replace(result, m => m.Groups["lead"].Value + BankAccountMask);
        result = TaxCodePattern().Replace(result, m => m.Groups["lead"].Value + TaxCodeMask);
        result = BareTaxCodePattern().Replace(result, TaxCodeMask);
        result = IdPattern().Replace(result, m => m.Groups["lead"].Value + IdMask);
        result = PhoneCandidate().Replace(result, MaskPhoneOrId);
        result = AddressPattern().Replace(result, m => m.Groups["lead"].Value + AddressMask);
        result = HouseNumberPattern().Replace(result, AddressMask);
        return MaskName(result, submitterName);
    }

    /// <summary>A digit run (with +84, brackets, spaces, dots, dashes) is a phone or an ID only by its digits.</summary>
    private static string MaskPhoneOrId(Match m)
    {
        var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
        var international = m.Value.TrimStart().StartsWith('+') || (digits.StartsWith("84", StringComparison.Ordinal) && digits.Length == 11);
        if (international && digits.StartsWith("84", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..].TrimStart('0');
        }

        // Mobile: 0 + 3/5/7/8/9 + 8 digits. Landline: 02 + area code + number, 11 digits.
        if ((digits.Length == 10 && digits[0] == '0' && "35789".Contains(digits[1], StringComparison.Ordinal))
            || (digits.Length == 11 && digits.StartsWith("02", StringComparison.Ordinal)))
        {
            return PhoneMask;
        }

        // A 12-digit citizen ID (CCCD) is written bare or in groups of three with spaces; an amount has
        // dots or a currency after it, which the pattern's look-ahead excludes.
        if (digits.Length == 12 && !international && !m.Value.Contains('.', StringComparison.Ordinal)
            && !m.Value.Contains('-', StringComparison.Ordinal) && !m.Value.Contains('(', StringComparison.Ordinal))
        {
            return IdMask;
        }

        return m.Value;
    }

    /// <summary>The submitter's full name, matched with or without diacritics and in any case.</summary>
    private static string MaskName(string text, string? name)
    {
        var words = (name ?? "").Normalize(NormalizationForm.FormC)
            .Split((char[])[' ', '\t', '\n', '\r', '\u00A0'], StringSplitOptions.RemoveEmptyEntries);
        // A single word ("An", "Hà") is too often an ordinary word to mask everywhere.
        if (words.Length < 2)
        {
            return text;
        }

        var folded = FoldPerChar(text);
        var pattern = @"(?<![\p{L}\p{M}\d])" + string.Join(@"\s+", words.Select(w => Regex.Escape(FoldPerChar(w))))
            + @"(?![\p{L}\p{M}\d])";
        var matches = Regex.Matches(folded, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (matches.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (Match m in matches)
        {
            sb.Append(text, at, m.Index - at).Append(NameMask);
            at = m.Index + m.Length;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Folds each NFC character on its own, so positions in the folded text are positions in the original.</summary>
    private static string FoldPerChar(string text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var folded = char.IsSurrogate(c) ? "" : VietnameseText.Fold(c.ToString(CultureInfo.InvariantCulture));
            chars[i] = folded.Length == 1 ? folded[0] : char.ToLowerInvariant(c);
        }

        return new string(chars);
    }

    [GeneratedRegex(@"[\p{L}\d._%+\-]+@[\p{L}\d\-]+(?:\.[\p{L}\d\-]+)*\.\p{L}{2,}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EmailPattern();

    // "số tài khoản 0071 0001 23456", "STK: 19036789012345 tại Techcombank", "tài khoản ngân hàng
    // Vietcombank số 0071000123456", "số TK 123-456-789".
    [GeneratedRegex(@"(?<lead>(?<![\p{L}])(?:số\s+tài\s+khoản|tài\s+khoản|STK|số\s+TK)(?![\p{L}])[^\d\n]{0,40}?)" + AccountDigits,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BankAccountPattern();

    // "mã số thuế 8012345678", "MST: 0101234567-001", "mã số thuế cá nhân là 8765432109".
    [GeneratedRegex(@"(?<lead>(?<![\p{L}])(?:mã\s+số\s+thuế|MST)(?![\p{L}])[^\d\n]{0,25}?)\d{10}(?:\s*-\s*\d{3})?(?!\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TaxCodePattern();

    // The 10-3 form (a dependent unit's or household business's tax code) is distinctive on its own.
    [GeneratedRegex(@"(?<![\d\-/.])\d{10}-\d{3}(?![\d\-/])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BareTaxCodePattern();

    // "CCCD 001099012345", "CMND số: 123456789", "căn cước công dân 079 203 004 567", "số định danh cá nhân".
    [GeneratedRegex(@"(?<lead>(?<![\p{L}])(?:CCCD|CMND|CMT|căn\s+cước(?:\s+công\s+dân)?|chứng\s+minh(?:\s+nhân\s+dân|\s+thư)?|(?:số\s+)?định\s+danh(?:\s+cá\s+nhân)?)(?![\p{L}])[^\d\n]{0,20}?)(?:\d(?:[ .]?\d){11}|\d(?:[ .]?\d){8})(?![\d])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IdPattern();

    // Candidates for phones and bare IDs: optional +84 / (+84) / (0xx), then digits with separators.
    // Not inside words, codes ("PA-26-7K3M"), document numbers ("13/2023") or decimals; not an amount.
    [GeneratedRegex(@"(?<![\p{L}\d/\-.+])(?:\(?\+84\)?[ .\-]?|\(0\d{1,3}\)[ .\-]?)?\d(?:[ .\-]?\d){6,11}(?![\p{L}\d/]|[.\-]\d|\s*(?:đồng|đ\b|VNĐ|VND|triệu|tỷ|nghìn|ngàn|USD|%))",
        RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PhoneCandidate();

    // "địa chỉ: 45 ngõ 12 Phố Huế", "địa chỉ thường trú số 12 đường Lê Lợi" — up to the next comma, semicolon, full stop or line end.
    [GeneratedRegex(@"(?<lead>(?<![\p{L}])địa\s+chỉ(?:\s+(?:nhà|thường\s+trú|tạm\s+trú|liên\s+hệ|liên\s+lạc|cư\s+trú|của\s+tôi|ở))?\s*(?:là|tại)?\s*:?\s*)(?=(?:số\s*)?\d)[^,;\n]+?(?=\s*(?:[,;\n]|\.(?:\s|$)|$))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AddressPattern();

    // "số 12 đường Lê Lợi", "nhà số 5 ngõ 3 Tôn Thất Tùng", "số 27/4 hẻm 15 Nguyễn Trãi": a house number
    // followed by a street word. "Nghị định số 13/2023/NĐ-CP" has no street word and stays.
    // Street names are the capitalised words after the street word, so "… Lê Lợi và …" stops at "và".
    [GeneratedRegex(@"(?<![\p{L}])(?i:(?:nhà\s+)?số(?:\s+nhà)?)\s+\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s*,?\s+(?i:đường|phố|ngõ|ngách|hẻm|kiệt|thôn|xóm|tổ)(?![\p{L}])(?:\s+(?:[\p{Lu}\d][\p{L}\d/]*|số))*",
        RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HouseNumberPattern();
}
