namespace FeedbackPortal.Domain.Submissions;

/// <summary>The three levels of the national "Một thước đo" rating; stored as 1..3.</summary>
public enum SatisfactionLevel
{
    Dissatisfied = 1,
    Acceptable = 2,
    Satisfied = 3,
}

public static class SatisfactionLevels
{
    public static readonly IReadOnlyList<SatisfactionLevel> All =
        [SatisfactionLevel.Satisfied, SatisfactionLevel.Acceptable, SatisfactionLevel.Dissatisfied];

    /// <summary>Wire names (form values, JSON, CSV): stable.</summary>
    public static string Code(this SatisfactionLevel level) => level switch
    {
        SatisfactionLevel.Satisfied => "satisfied",
        SatisfactionLevel.Acceptable => "acceptable",
        _ => "dissatisfied",
    };

    public static bool TryParse(string? code, out SatisfactionLevel level)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Code(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }
}

/// <summary>
/// The submitter's rating of one answer. A case has at most one per answer (<see cref="AnsweredAt"/>
/// identifies the answer); a reopened and re-answered case can be rated again. The comment is the
/// submitter's words: internal until published through the same approval as other public text.
/// </summary>
public sealed class SubmissionRating
{
    private SubmissionRating()
    {
    }

    internal SubmissionRating(SatisfactionLevel level, string? comment, bool reviewRequested, DateTimeOffset answeredAt,
        string? agencyCode, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        Level = level;
        Comment = comment;
        ReviewRequested = reviewRequested;
        AnsweredAt = answeredAt;
        AgencyCode = agencyCode;
        RatedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public SatisfactionLevel Level { get; private set; }
    public string? Comment { get; private set; }
    public bool ReviewRequested { get; private set; }

    /// <summary>The answer rated (the case's AnsweredAt when it was rated).</summary>
    public DateTimeOffset AnsweredAt { get; private set; }

    /// <summary>The agency that gave the answer: figures count the rating for it.</summary>
    public string? AgencyCode { get; private set; }

    public DateTimeOffset RatedAt { get; private set; }
}

/// <summary>"Một thước đo": the submitter rates each answer once, and may ask for a review.</summary>
public sealed partial class Submission
{
    public const int MaxRatingCommentLength = 2000;

    /// <summary>A case stands answered (an answer or an initiative decision is public) and can be rated.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> RatableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Answered, SubmissionStatus.Closed, SubmissionStatus.AcceptedForPilot,
        SubmissionStatus.NotAdopted, SubmissionStatus.Piloting, SubmissionStatus.ScaledUp,
    };

    private readonly List<SubmissionRating> _ratings = [];

    public IReadOnlyList<SubmissionRating> Ratings => _ratings;

    /// <summary>When the submitter last asked for a review after a "không hài lòng"; cleared by the next answer.</summary>
    public DateTimeOffset? ReviewRequestedAt { get; private set; }

    /// <summary>The current answer can still be rated.</summary>
    public bool CanBeRated => RatableStates.Contains(Status) && AnsweredAt is { } answered
        && !_ratings.Any(r => r.AnsweredAt == answered);

    /// <summary>
    /// Record the submitter's rating of the current answer. With <paramref name="requestReview"/>
    /// (only for <see cref="SatisfactionLevel.Dissatisfied"/>) the case goes back to the agency: in
    /// progress again with <paramref name="reviewDeadline"/>, flagged for the head, the comment on
    /// the staff timeline.
    /// </summary>
    public SubmissionRating Rate(SatisfactionLevel level, string? comment, bool requestReview, DateTimeOffset reviewDeadline,
        DateTimeOffset at)
    {
        // Already rated first: after a review request the case is in progress, and "already rated" says why.
        if (AnsweredAt is { } rated && _ratings.Any(r => r.AnsweredAt == rated))
        {
            throw new WorkflowException("rate.already_rated", "This answer has already been rated.");
        }

        Require(RatableStates, "rate");
        if (!Enum.IsDefined(level))
        {
            throw new WorkflowException("rate.level", "Unknown satisfaction level.");
        }

        var answered = AnsweredAt ?? throw new WorkflowException("rate.no_answer", "The case has no answer to rate.");

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (text is { Length: > MaxRatingCommentLength })
        {
            throw new WorkflowException("rate.comment_too_long", "The comment is too long.");
        }

        if (requestReview && level != SatisfactionLevel.Dissatisfied)
        {
            throw new WorkflowException("rate.review_needs_dissatisfied", "A review can be asked only with 'không hài lòng'.");
        }

        if (requestReview && text is null)
        {
            throw new WorkflowException("required.comment", "Say what should be reviewed.");
        }

        var rating = new SubmissionRating(level, text, requestReview, answered, AgencyCode, at);
        _ratings.Add(rating);
        Satisfaction = (int)level;
        Record(TimelineEventType.Rated, at, SubmitterActor, isPublic: false,
            internalNote: text is null ? level.Code() : $"{level.Code()}: {text}");
        if (requestReview)
        {
            Status = SubmissionStatus.InProgress;
            Deadline = reviewDeadline;
            ClockPausedAt = null;
            EscalationLevel = 0;
            LastEscalatedAt = null;
            ReviewRequestedAt = at;
            // Public: the citizen asked for a review; their words stay internal.
            Record(TimelineEventType.ReviewRequested, at, SubmitterActor, isPublic: true, internalNote: text);
        }

        return rating;
    }
}
