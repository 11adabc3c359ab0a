using System.Security.Cryptography;
using System.Text;

namespace FeedbackPortal.Infrastructure.Idempotency;

/// <summary>What a key may look like, new form keys, and request fingerprints.</summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 255;

    /// <summary>1–255 visible ASCII characters (the IETF draft's sf-string; UUIDs are typical).</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>A one-time key for an HTML form: 128 random bits, so nobody can guess another person's.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Fingerprint(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
}
