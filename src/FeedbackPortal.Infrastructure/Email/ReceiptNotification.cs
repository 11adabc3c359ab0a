using System.Security.Cryptography;
using System.Text;
using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Outbox;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// The receipt e-mail of a case. Its notification id is derived from the case (not random), so
/// intake and a reconciler re-drive ask for the same e-mail and the notifier's per-id record sends
/// it once: one receipt per case, whichever path requested it and however often.
/// </summary>
public static class ReceiptNotification
{
    public static Guid IdFor(Guid submissionId) => OncePerCase(submissionId, EmailTemplates.Receipt);

    /// <summary>A stable id for an e-mail a case gets at most once (name-based: SHA-256 of case and template).</summary>
    public static Guid OncePerCase(Guid submissionId, string template)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(template.Length)];
        submissionId.TryWriteBytes(input);
        var length = 16 + Encoding.UTF8.GetBytes(template, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (custom), in .NET's little-endian field layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes);
    }

    public static NotificationRequested For(Submission s, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return new NotificationRequested(
            IdFor(s.Id),
            EmailTemplates.Receipt,
            s.Id,
            s.Submitter.Email,
            s.Language,
            new Dictionary<string, string>
            {
                ["name"] = s.Submitter.Name,
                ["title"] = s.Title,
                ["trackingCode"] = s.TrackingCode,
                ["kindName"] = EmailTemplates.KindName(s.Kind.Code(), s.Language),
                ["statusUrl"] = StatusUrl(publicBaseUrl, s.TrackingCode),
                ["submittedAt"] = EmailTemplates.FormatDate(s.SubmittedAt, s.Language),
            });
    }

    public static OutboxMessage Queue(Submission s, string publicBaseUrl, DateTimeOffset at) =>
        OutboxMessage.Send(For(s, publicBaseUrl), Topology.NotificationsQueue, at);

    public static string StatusUrl(string publicBaseUrl, string trackingCode) =>
        $"{publicBaseUrl.TrimEnd('/')}/status/{trackingCode}";
}
