using System.Security.Cryptography;
using System.Text;

namespace FeedbackPortal.Domain.Submissions;

/// <summary>
/// Short, readable, unguessable case codes such as <c>PA-26-7K3M-Q9XW</c>: kind prefix, two-digit
/// year, then 8 Crockford base32 characters (40 random bits). Crockford's alphabet has no I, L, O, U,
/// so codes survive being read aloud or typed from paper.
/// </summary>
public static class TrackingCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int RandomCharacters = 8;

    public static string New(SubmissionKind kind, DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[5]; // 40 bits = 8 × 5 bits
        RandomNumberGenerator.Fill(bytes);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        var chars = new char[RandomCharacters];
        for (var i = RandomCharacters - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        var year = (at.UtcDateTime.Year % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        return $"{kind.TrackingPrefix()}-{year}-{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
    }

    /// <summary>
    /// Accepts what people actually type (lower case, spaces, missing dashes, O for 0, I/L for 1)
    /// and returns the canonical code, or null when it cannot be one.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return null;
        }

        var sb = new StringBuilder(14);
        foreach (var raw in input.Trim().ToUpperInvariant())
        {
            var c = raw switch { 'O' => '0', 'I' or 'L' => '1', _ => raw };
            if (c is '-' or ' ' or '\t')
            {
                continue;
            }

            sb.Append(c);
        }

        // Expected compact form: PP YY CCCCCCCC = 12 characters.
        if (sb.Length != 12)
        {
            return null;
        }

        var compact = sb.ToString();
        var prefix = compact[..2];
        if (prefix is not ("PA" or "SK") || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return null;
        }

        var random = compact[4..];
        if (random.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return null;
        }

        return $"{prefix}-{compact[2..4]}-{random[..4]}-{random[4..]}";
    }

    public static bool IsValid(string? code) => code is not null && Normalize(code) == code;
}
