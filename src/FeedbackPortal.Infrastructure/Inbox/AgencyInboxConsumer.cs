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
/// since left, changes nothing. A message this portal cannot place (a newer schema, a case missing
/// from the database, e.g. after restoring an older backup) throws: after the retries it waits in
/// the queue's _error queue for an operator, rather than being dropped.
/// </summary>
public sealed class AgencyInboxConsumer(PortalDbContext db, TimeProvider clock, AutoAssigner assigner) : IConsumer<SubmissionRouted>
{
    public async Task Consume(ConsumeContext<SubmissionRouted> context)
    {
        var ct = context.CancellationToken;
        var message = context.Message;
        if (message.SchemaVersion > SubmissionRouted.CurrentSchemaVersion)
        {
            throw new UndeliverableCaseException(
                $"{message.TrackingCode}: SubmissionRouted schema version {message.SchemaVersion} is newer than this portal's ({SubmissionRouted.CurrentSchemaVersion}).");
        }

        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.Id == message.SubmissionId, ct)
            ?? throw new UndeliverableCaseException(
                $"{message.TrackingCode} ({message.SubmissionId}) routed to {message.AgencyCode} is not in the database.");

        var now = clock.GetUtcNow();
        if (!submission.Deliver(message.AgencyCode, now))
        {
            return;
        }

        await assigner.AssignAsync(submission, now, ct); // round-robin, for agencies configured so
        db.OutboxMessages.Add(RoutedMessageFactory.Changed(submission, "delivered", now));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>A routed case the inbox cannot deliver until an operator fixes something.</summary>
public sealed class UndeliverableCaseException : Exception
{
    public UndeliverableCaseException()
    {
    }

    public UndeliverableCaseException(string message) : base(message)
    {
    }

    public UndeliverableCaseException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
