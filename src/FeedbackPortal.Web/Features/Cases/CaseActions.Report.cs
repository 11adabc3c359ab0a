using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.AspNetCore.DataProtection;

namespace FeedbackPortal.Web.Features.Cases;

public sealed partial class CaseActions
{
    /// <summary>Statuses an agency's own system may report (POST /api/v1/agency/cases/{code}/status).</summary>
    public static readonly IReadOnlyList<string> ReportableStatuses = ["delivered", "in_progress", "needs_info", "answered", "closed", "rejected"];

    /// <summary>Reported statuses whose note is the public text (the question, the answer, the reason).</summary>
    public static readonly IReadOnlySet<string> ReportNoteIsPublic = new HashSet<string> { "needs_info", "answered", "rejected" };

    /// <summary>
    /// An agency's system reports a status: the same transitions, e-mails, outbox message and audit
    /// entry as the staff page's action of that name, in one SaveChanges. Reporting any status means
    /// the system has the case, so a case still waiting in its queue is delivered first. An internal
    /// note rides along as a note. Reporting the status the case already has changes nothing.
    /// </summary>
    public Task<bool> ReportStatusAsync(string code, CaseActor actor, string status, string? note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var action = status switch
        {
            "delivered" => "deliver",
            "in_progress" => "start",
            "needs_info" => "request_info",
            "answered" => "answer",
            "closed" => "close",
            "rejected" => "reject",
            _ => throw new WorkflowException("status_not_reportable", $"Status '{status}' cannot be reported."),
        };
        return RunAsync(code, actor, action, note, (s, now) =>
        {
            if (Submission.DeliverableStates.Contains(s.Status))
            {
                s.Deliver(s.AgencyCode!, now, actor.Id);
            }

            switch (status)
            {
                case "delivered" when s.Status != SubmissionStatus.Delivered:
                    throw new WorkflowException("status_not_allowed.deliver", $"Cannot deliver a case in status '{s.Status.Code()}'.");
                case "in_progress":
                    s.StartWork(actor.Id, now);
                    break;
                case "needs_info":
                    RequestInformation(s, actor, note, now);
                    break;
                case "answered":
                    s.AnswerWith(note ?? "", actor.Id, now);
                    NotifyAnswer(s, now);
                    break;
                case "closed":
                    s.Close(actor.Id, now);
                    break;
                case "rejected":
                    s.Reject(note ?? "", actor.Id, now);
                    break;
            }

            if (!ReportNoteIsPublic.Contains(status) && !string.IsNullOrWhiteSpace(note))
            {
                s.AddNote(note, actor.Id, now);
            }

            return Task.CompletedTask;
        }, ct, onlyWhenChanged: true);
    }

    private void RequestInformation(Submission s, CaseActor actor, string? question, DateTimeOffset now)
    {
        s.RequestInformation(question ?? "", actor.Id, now);
        var url = $"{BaseUrl.TrimEnd('/')}/status/{s.TrackingCode}/respond?token={Uri.EscapeDataString(CreateToken(s))}";
        db.OutboxMessages.Add(CaseNotifications.Queue(EmailTemplates.InfoRequest, s, s.Submitter.Email, s.Language, now, BaseUrl,
            new Dictionary<string, string> { ["question"] = question!.Trim(), ["respondUrl"] = url }));
    }

    public string CreateToken(Submission s) =>
        protection.CreateProtector(TokenPurpose).ToTimeLimitedDataProtector().Protect(s.TrackingCode, TokenLifetime);

    public bool TokenMatches(string? token, string trackingCode)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        try
        {
            return protection.CreateProtector(TokenPurpose).ToTimeLimitedDataProtector().Unprotect(token) == trackingCode;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
