using System.Security.Cryptography;
using System.Text;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// An address the mail server refused for good (5xx). While <see cref="SuppressedUntil"/> lies ahead,
/// notifications to it are recorded as suppressed instead of being sent and retried. Only a hash of
/// the address is kept: this table needs no erasure when a submitter asks to be forgotten.
/// </summary>
public sealed class EmailBounce
{
    public string AddressHash { get; set; } = "";
    public int StatusCode { get; set; }
    public string Reason { get; set; } = "";
    public int Count { get; set; }
    public DateTimeOffset FirstBouncedAt { get; set; }
    public DateTimeOffset LastBouncedAt { get; set; }
    public DateTimeOffset SuppressedUntil { get; set; }

    /// <summary>SHA-256 of the trimmed, lower-cased address, hex.</summary>
    public static string HashOf(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())));

    /// <summary>The server's text without the address itself, bounded.</summary>
    public static string Redact(string reason, string address)
    {
        var text = reason.Replace(address.Trim(), "<address>", StringComparison.OrdinalIgnoreCase);
        return text.Length > 300 ? text[..300] : text;
    }
}

/// <summary>What became of a notification (sent_notifications.Outcome).</summary>
public static class NotificationOutcome
{
    public const string Sent = "sent";
    public const string Bounced = "bounced";
    public const string Suppressed = "suppressed";
}
