using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Captcha;

/// <summary>Settings under "Captcha:Altcha".</summary>
public sealed class AltchaOptions
{
    public const string Section = "Captcha:Altcha";

    /// <summary>HMAC-SHA256 key signing the challenges; required outside Development (≥ 32 characters).</summary>
    public string? HmacKey { get; set; }

    /// <summary>Upper bound of the secret number: the work a browser does (~0.1–1 s on a phone at 100 000).</summary>
    public int MaxNumber { get; set; } = 100_000;

    /// <summary>How long a challenge stays valid; the widget fetches a new one when it expires.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>The JSON the ALTCHA widget expects from GET /captcha/challenge.</summary>
public sealed record AltchaChallenge(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("maxnumber")] int MaxNumber,
    [property: JsonPropertyName("salt")] string Salt,
    [property: JsonPropertyName("signature")] string Signature);

/// <summary>
/// Self-hosted proof of work compatible with the ALTCHA widget (v1 challenge protocol, as altcha-lib's
/// createChallenge/verifySolution; details in web/README.md). Challenges are stateless: HMAC-signed,
/// expiring; an accepted solution is recorded until it expires so it cannot be used twice.
/// </summary>
public sealed partial class AltchaCaptcha(AltchaKey key, IOptions<AltchaOptions> options, TimeProvider clock, PortalDbContext db)
    : ICaptchaVerifier
{
    public const string Algorithm = "SHA-256";
    private const int MaxPayloadLength = 2048;
    private static long _lastPurgeTicks;

    public CaptchaProvider Provider => CaptchaProvider.Altcha;

    public string FormField => "altcha";

    public AltchaChallenge CreateChallenge()
    {
        var expires = clock.GetUtcNow().Add(options.Value.Expiry).ToUnixTimeSeconds();
        var salt = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}?expires={expires.ToString(CultureInfo.InvariantCulture)}&";
        var number = RandomNumberGenerator.GetInt32(0, options.Value.MaxNumber + 1);
        var challenge = Hash(salt, number);
        return new AltchaChallenge(Algorithm, challenge, options.Value.MaxNumber, salt, Sign(challenge));
    }

    public async Task<CaptchaResult> VerifyAsync(string? response, string? remoteIp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(response))
        {
            return CaptchaResult.Fail("missing");
        }

        if (response.Length > MaxPayloadLength || !TryDecode(response, out var payload))
        {
            return CaptchaResult.Fail("malformed");
        }

        if (payload.Test is not null || payload.Algorithm != Algorithm || payload.Number is not { } number
            || number < 0 || number > options.Value.MaxNumber || payload.Salt is null || payload.Challenge is null || payload.Signature is null)
        {
            return CaptchaResult.Fail("malformed");
        }

        var salt = SaltPattern().Match(payload.Salt);
        if (!salt.Success || !long.TryParse(salt.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix))
        {
            return CaptchaResult.Fail("malformed");
        }

        if (!string.Equals(Hash(payload.Salt, number), payload.Challenge, StringComparison.Ordinal))
        {
            return CaptchaResult.Fail("wrong-solution");
        }

        var expected = Encoding.ASCII.GetBytes(Sign(payload.Challenge));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(payload.Signature)))
        {
            return CaptchaResult.Fail("bad-signature");
        }

        var now = clock.GetUtcNow();
        if (expiresUnix > 253402300799 || DateTimeOffset.FromUnixTimeSeconds(expiresUnix) <= now)
        {
            return CaptchaResult.Fail("expired");
        }

        var replayKey = "altcha:" + payload.Signature;
        if (await db.UsedCaptchas.AsNoTracking().AnyAsync(u => u.Key == replayKey, cancellationToken))
        {
            return CaptchaResult.Fail("reused");
        }

        await PurgeExpiredAsync(cancellationToken);
        return CaptchaResult.OkOnce(replayKey, DateTimeOffset.FromUnixTimeSeconds(expiresUnix));
    }

    /// <summary>Drops records of expired challenges (at most once a minute per process).</summary>
    public async Task PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var last = Interlocked.Read(ref _lastPurgeTicks);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastPurgeTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        await db.UsedCaptchas.Where(u => u.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }

    public static string Hash(string salt, long number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));

    private string Sign(string challenge) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes(challenge)));

    private static bool TryDecode(string response, out Payload payload)
    {
        payload = new Payload();
        try
        {
            var json = Convert.FromBase64String(response.Trim());
            payload = JsonSerializer.Deserialize<Payload>(json) ?? new Payload();
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }

    // The exact format we issue: the trailing '&' stops digits moving between number and expiry.
    [GeneratedRegex(@"^[0-9a-f]{24}\?expires=(\d{1,12})&$", RegexOptions.CultureInvariant)]
    private static partial Regex SaltPattern();

    private sealed class Payload
    {
        [JsonPropertyName("algorithm")] public string? Algorithm { get; set; }
        [JsonPropertyName("challenge")] public string? Challenge { get; set; }
        [JsonPropertyName("number")] public long? Number { get; set; }
        [JsonPropertyName("salt")] public string? Salt { get; set; }
        [JsonPropertyName("signature")] public string? Signature { get; set; }
        [JsonPropertyName("test")] public JsonElement? Test { get; set; }
    }
}

/// <summary>
/// The HMAC key: Captcha:Altcha:HmacKey, or in Development a random key generated once and kept
/// in the data directory so challenges survive restarts.
/// </summary>
public sealed class AltchaKey
{
    public const string DevelopmentKeyFile = "altcha-hmac.key";
    private readonly Lazy<byte[]> _bytes;

    public AltchaKey(string? configuredKey, string developmentKeyPath)
    {
        _bytes = new Lazy<byte[]>(() => !string.IsNullOrWhiteSpace(configuredKey)
            ? Encoding.UTF8.GetBytes(configuredKey)
            : LoadOrCreate(developmentKeyPath));
    }

    public byte[] Bytes => _bytes.Value;

    private static byte[] LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first.
            }
        }

        return Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
    }
}
