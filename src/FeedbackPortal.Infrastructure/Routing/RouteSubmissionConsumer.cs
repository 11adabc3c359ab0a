using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Sla;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Routing;

/// <summary>
/// Decides the responsible agency from the routing rules (read fresh, so a coordinator's edit
/// applies to the next case) and queues the case for that agency through the outbox.
/// Idempotent: a case no longer "received" is left alone.
/// </summary>
public sealed class RouteSubmissionConsumer(PortalDbContext db, DeadlineCalculator deadlines, TimeProvider clock)
    : IConsumer<SubmissionReceived>
{
    public async Task Consume(ConsumeContext<SubmissionReceived> context)
    {
        var ct = context.CancellationToken;
        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.Id == context.Message.SubmissionId, ct);
        if (submission is null || !Submission.RoutableStates.Contains(submission.Status))
        {
            return;
        }

        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.IsActive).ToListAsync(ct);
        var localityAgencies = await db.Agencies.AsNoTracking()
            .Where(a => a.LocalityCode != null && a.IsActive)
            .ToDictionaryAsync(a => a.LocalityCode!, a => a.Code, ct);
        var activeAgencies = await db.Agencies.AsNoTracking().Where(a => a.IsActive).Select(a => a.Code).ToListAsync(ct);

        var decision = Router.Decide(
            rules.Where(r => r.ToLocalityAgency || activeAgencies.Contains(r.TargetAgencyCode!)),
            submission.Kind, submission.FieldCode, submission.LocalityCode,
            locality => localityAgencies.GetValueOrDefault(locality), submission.CommuneCode);

        var now = clock.GetUtcNow();
        var description = decision.Describe();
        submission.Route(decision.AgencyCode, decision.Rule?.Id, description,
            deadlines.DeadlineFor(submission.Kind, submission.FieldCode, now), now);

        var attachments = await AttachmentLinks.ForAsync(db, submission, ct);
        db.OutboxMessages.Add(RoutedMessageFactory.ToAgencyQueue(
            RoutedMessageFactory.Create(submission, description, now, attachments), now));
        db.OutboxMessages.Add(RoutedMessageFactory.Changed(submission, "routed", now));
        await db.SaveChangesAsync(ct);
    }
}
