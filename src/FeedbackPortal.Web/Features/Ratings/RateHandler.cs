using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Ratings;

public enum RateOutcome
{
    /// <summary>The token does not sign this case's current answer (forged, altered, expired or for an older answer).</summary>
    BadLink,
    Rated,
}

/// <summary>
/// The submitter rates the current answer: one transition of the case (<see cref="Submission.Rate"/>)
/// and, when they ask for a review, an e-mail to the agency's heads, in one SaveChanges with the
/// SubmissionChanged outbox row. Refusals (already rated, review without comment) are WorkflowExceptions.
/// </summary>
public sealed class RateHandler(
    PortalDbContext db,
    RatingLinks links,
    DeadlineCalculator deadlines,
    TimeProvider clock,
    IOptions<PortalOptions> portal)
{
    public async Task<RateOutcome> RateAsync(string code, string? token, SatisfactionLevel level, string? comment, bool requestReview,
        CancellationToken ct)
    {
        var s = await db.Submissions.Include(x => x.Timeline).Include(x => x.Ratings).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.TrackingCode == code, ct);
        if (s is null || !links.Matches(token, s.TrackingCode, s.AnsweredAt))
        {
            return RateOutcome.BadLink;
        }

        var now = clock.GetUtcNow();
        s.Rate(level, comment, requestReview, deadlines.DeadlineFor(s.Kind, s.FieldCode, now), now);
        db.OutboxMessages.Add(RoutedMessageFactory.Changed(s, requestReview ? "review_requested" : "rated", now));
        if (requestReview)
        {
            foreach (var head in await DeadlineMonitor.HeadEmailsAsync(db, s.AgencyCode!, ct))
            {
                db.OutboxMessages.Add(CaseNotifications.Queue(EmailTemplates.ReviewRequested, s, head, "vi", now, portal.Value.PublicBaseUrl,
                    new Dictionary<string, string> { ["comment"] = comment?.Trim() ?? "" }));
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two posts of the same link at once: the unique (case, answer) index lets one win.
            db.ChangeTracker.Clear();
            throw new WorkflowException("rate.already_rated", "This answer has already been rated.");
        }

        return RateOutcome.Rated;
    }
}
