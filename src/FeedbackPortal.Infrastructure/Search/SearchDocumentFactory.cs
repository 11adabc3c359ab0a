using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Infrastructure.Search;

public static class SearchDocumentFactory
{
    /// <summary>Statuses that take a case out of public view even if publication was allowed.</summary>
    private static readonly HashSet<SubmissionStatus> NeverPublic =
        [SubmissionStatus.Withdrawn, SubmissionStatus.Received];

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
        Published = s.AllowPublish && !NeverPublic.Contains(s.Status),
        PublicAnswer = s.Answer,
        Satisfaction = s.Satisfaction,
    };
}
