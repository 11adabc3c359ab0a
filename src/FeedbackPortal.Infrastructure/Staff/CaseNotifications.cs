using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Outbox;

namespace FeedbackPortal.Infrastructure.Staff;

/// <summary>E-mails about a case, as outbox rows for the notifications queue (never sent on the request path).</summary>
public static class CaseNotifications
{
    public static OutboxMessage Queue(string template, Submission s, string to, string language, DateTimeOffset at,
        string baseUrl, IDictionary<string, string>? extra = null)
    {
        var values = new Dictionary<string, string>
        {
            ["name"] = s.Submitter.Name,
            ["title"] = s.Title,
            ["trackingCode"] = s.TrackingCode,
            ["kindName"] = EmailTemplates.KindName(s.Kind.Code(), language),
            ["statusUrl"] = $"{baseUrl.TrimEnd('/')}/status/{s.TrackingCode}",
            ["caseUrl"] = $"{baseUrl.TrimEnd('/')}/staff/cases/{s.TrackingCode}",
            ["deadline"] = s.Deadline is { } d ? EmailTemplates.FormatDate(d, language) : "-",
            ["agency"] = s.AgencyCode ?? "-",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var message = new NotificationRequested(Guid.CreateVersion7(at), template, s.Id, to, language, values);
        return OutboxMessage.Send(message, Topology.NotificationsQueue, at);
    }
}
