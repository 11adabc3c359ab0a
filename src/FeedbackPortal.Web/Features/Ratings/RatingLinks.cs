using System.Globalization;
using System.Security.Cryptography;
using FeedbackPortal.Domain.Submissions;
using Microsoft.AspNetCore.DataProtection;

namespace FeedbackPortal.Web.Features.Ratings;

/// <summary>
/// The signed link of the answer e-mail: it names the case and the answer it rates (the answer's
/// time), so only the submitter can rate, a forged or altered link is refused, and a link for an
/// earlier answer stops working once the case is answered again. No account is needed.
/// </summary>
public sealed class RatingLinks(IDataProtectionProvider protection)
{
    private const string Purpose = "FeedbackPortal.Ratings.Answer";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    public string CreateToken(string trackingCode, DateTimeOffset answeredAt) =>
        Protector().Protect(Payload(trackingCode, answeredAt), Lifetime);

    public string Url(string baseUrl, Submission s) =>
        $"{baseUrl.TrimEnd('/')}/status/{s.TrackingCode}?rate={Uri.EscapeDataString(CreateToken(s.TrackingCode, s.AnsweredAt!.Value))}#rate";

    /// <summary>True when the token was made by this portal for this case's current answer.</summary>
    public bool Matches(string? token, string trackingCode, DateTimeOffset? answeredAt)
    {
        if (string.IsNullOrEmpty(token) || answeredAt is null)
        {
            return false;
        }

        try
        {
            return Protector().Unprotect(token) == Payload(trackingCode, answeredAt.Value);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private ITimeLimitedDataProtector Protector() => protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    // Milliseconds: SQLite's binary DateTimeOffset keeps 0.1 ms and PostgreSQL 1 µs, so the time read
    // back rounds to the same millisecond as the one signed when the answer was given.
    private static string Payload(string trackingCode, DateTimeOffset answeredAt) =>
        trackingCode + "|" + (answeredAt.UtcTicks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture);
}
