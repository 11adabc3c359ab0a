using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Keeps the index in step with the database. It always indexes the case as it is now, so
/// duplicates and out-of-order messages are harmless; a case that no longer exists is removed.
/// Both indexes follow: the staff index (original text) and the public index (approved text of public cases).
/// </summary>
public sealed class IndexSubmissionConsumer(PortalDbContext db, ISearchIndex index, PublicSearchIndex publicIndex, TimeProvider clock)
    : IConsumer<SubmissionReceived>, IConsumer<SubmissionChanged>
{
    public Task Consume(ConsumeContext<SubmissionReceived> context) =>
        IndexAsync(context.Message.SubmissionId, context.Message.TrackingCode, context.CancellationToken);

    public Task Consume(ConsumeContext<SubmissionChanged> context) =>
        IndexAsync(context.Message.SubmissionId, context.Message.TrackingCode, context.CancellationToken);

    private async Task IndexAsync(Guid submissionId, string trackingCode, CancellationToken ct)
    {
        var submission = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is null)
        {
            await index.DeleteAsync(trackingCode, ct);
            await publicIndex.ApplyAsync(trackingCode, null, ct);
            return;
        }

        var now = clock.GetUtcNow();
        await index.UpsertAsync([SearchDocumentFactory.From(submission, now)], ct);
        // A case that stopped being public (consent withdrawn, rejected) is removed from the public index.
        await publicIndex.ApplyAsync(submission.TrackingCode, SearchDocumentFactory.PublicFrom(submission, now), ct);
    }
}
