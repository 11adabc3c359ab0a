using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Sla;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Transfers;

/// <summary>
/// Hands a case to another agency through the same path as routing: the entity's transition (with its
/// mandatory public reason), a fresh deadline, and in the same SaveChanges the routed message for the
/// new agency's queue and the change for the index. Used by the staff form and the agency API.
/// </summary>
public sealed class TransferHandler(PortalDbContext db, DeadlineCalculator deadlines, TimeProvider clock)
{
    /// <summary>
    /// The transition and the routed message, without saving: CaseActions.TransferAsync saves it
    /// with the outbox message and the audit entry (staff page, inbox bulk action, agency API).
    /// </summary>
    /// <exception cref="WorkflowException">Unknown or inactive target, same agency, missing reason, or a finished case.</exception>
    public async Task StageAsync(Submission submission, string? toAgencyCode, string? reason, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var target = toAgencyCode?.Trim() ?? "";
        if (!await db.Agencies.AnyAsync(a => a.Code == target && a.IsActive, ct))
        {
            throw new WorkflowException("transfer.unknown_agency", $"There is no active agency '{target}'.");
        }

        var from = submission.AgencyCode ?? "";
        var now = clock.GetUtcNow();
        submission.Transfer(target, reason ?? "", deadlines.DeadlineFor(submission.Kind, submission.FieldCode, now), actor, now);
        var why = submission.Timeline[^1].PublicNote!;

        var attachments = await AttachmentLinks.ForAsync(db, submission, ct);
        // No rule made this decision: the routing block says so, the transfer block says who and why.
        var routed = RoutedMessageFactory.Create(submission, $"Transferred from {from}: {why}", now, attachments,
            new Contracts.RoutedTransfer(from, why)) with { Routing = new Contracts.RoutedBy(null, $"Transferred from {from}: {why}") };
        db.OutboxMessages.Add(RoutedMessageFactory.ToAgencyQueue(routed, now));
    }
}
