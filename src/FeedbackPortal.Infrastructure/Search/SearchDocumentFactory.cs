using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Builds the two documents of a case: the staff document (the original text, for triage) and the
/// public document (only the staff-approved public text, and only while <see cref="Submission.IsPublic"/>).
/// </summary>
public static class SearchDocumentFactory
{
    public static SearchDocument From(Submission s, DateTimeOffset now) => new()
    {
        TrackingCode = s.TrackingCode,
        SubmissionId = s.Id,
        Kind = s.Kind.Code(),
        Title = s.Title,
        Content = s.Content,
        Field = s.FieldCode,
        System = s.SystemCode,
        Agency = s.AgencyCode,
        Locality = s.LocalityCode,
        Status = s.Status.Code(),
        SubmittedAt = s.SubmittedAt,
        UpdatedAt = s.UpdatedAt,
        Deadline = s.Deadline,
        Overdue = s.IsOverdue(now),
        AssigneeId = s.AssigneeId,
        AssigneeName = s.AssigneeName,
        Published = s.IsPublic,
        PublicAnswer = s.Answer,
        Satisfaction = s.Satisfaction,
    };

    /// <summary>
    /// The public index's document: null unless the case is public; the approved title, content and
    /// answer only, no assignee. Nothing the staff did not approve can be searched for publicly.
    /// </summary>
    public static SearchDocument? PublicFrom(Submission s, DateTimeOffset now) => !s.IsPublic
        ? null
        : From(s, now) with
        {
            Title = s.PublicTitle ?? "",
            Content = s.PublicContent ?? "",
            PublicAnswer = s.PublicAnswer,
            AssigneeId = null,
            AssigneeName = null,
            Published = true,
        };
}
