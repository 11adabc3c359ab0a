using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Staff;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Inbox;

/// <summary>
/// The portal's own staff inbox consuming an agency's queue: the case is now in front of the
/// agency, so it becomes "delivered". A redelivered message, or one for an agency the case has
/// since left, changes nothing.
/// </summary>
public sealed class AgencyInboxConsumer(PortalDbContext db, TimeProvider clock, AutoAssigner assigner) : IConsumer<SubmissionRouted>
{
    public async Task Consume(ConsumeContext<SubmissionRouted> context)
    {
        var ct = context.CancellationToken;
        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.Id == context.Message.SubmissionId, ct);
        if (submission is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (!submission.Deliver(context.Message.AgencyCode, now))
        {
            return;
        }

        await assigner.AssignAsync(submission, now, ct); // round-robin, for agencies configured so
        db.OutboxMessages.Add(RoutedMessageFactory.Changed(submission, "delivered", now));
        await db.SaveChangesAsync(ct);
    }
}
