using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Routing;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Cases;

/// <summary>What became of a submitter's request to withdraw consent to publication.</summary>
public enum ConsentWithdrawal
{
    Withdrawn = 1,
    NotFound,
    EmailMismatch,
    NothingToWithdraw,
}

/// <summary>
/// Publication (Decree 13/2023/NĐ-CP): staff approve the public text; the submitter withdraws consent.
/// Both go out as SubmissionChanged through the outbox, so the public index follows within seconds.
/// </summary>
public sealed partial class CaseActions
{
    /// <summary>Staff approve the public title, content and answer (edited from the redacted proposal).</summary>
    public Task<bool> ApprovePublicationAsync(string code, CaseActor actor, string? title, string? content, string? answer,
        CancellationToken ct) =>
        RunAsync(code, actor, "publish", null, (s, now) => s.ApprovePublication(title ?? "", content ?? "", answer, actor.Id, now), ct);

    /// <summary>
    /// The submitter withdraws consent from the status page, proving ownership with the e-mail
    /// address the case was submitted with (the tracking code alone is shared with the public).
    /// </summary>
    public async Task<ConsentWithdrawal> WithdrawConsentAsync(string code, string? email, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        var s = normalized is null
            ? null
            : await db.Submissions.Include(x => x.Timeline).AsSplitQuery().FirstOrDefaultAsync(x => x.TrackingCode == normalized, ct);
        if (s is null)
        {
            return ConsentWithdrawal.NotFound;
        }

        if (string.IsNullOrWhiteSpace(email) || s.Submitter.Email.Length == 0
            || !string.Equals(s.Submitter.Email.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return ConsentWithdrawal.EmailMismatch;
        }

        if (!s.AllowPublish || s.ConsentWithdrawnAt is not null)
        {
            return ConsentWithdrawal.NothingToWithdraw;
        }

        var now = clock.GetUtcNow();
        s.WithdrawConsent(now);
        db.OutboxMessages.Add(RoutedMessageFactory.Changed(s, "consent_withdrawn", now));
        await SaveAsync(ct);
        return ConsentWithdrawal.Withdrawn;
    }
}
