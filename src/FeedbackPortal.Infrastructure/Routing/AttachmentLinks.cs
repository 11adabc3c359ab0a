using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;

namespace FeedbackPortal.Infrastructure.Routing;

/// <summary>Attachments of a case as authorised download links for the agency's system.</summary>
public static class AttachmentLinks
{
    // Attachments arrive with intake (issue 3); until then a case has none.
    public static Task<IReadOnlyList<RoutedAttachment>> ForAsync(PortalDbContext db, Submission submission, CancellationToken ct)
    {
        _ = db;
        _ = submission;
        _ = ct;
        return Task.FromResult<IReadOnlyList<RoutedAttachment>>([]);
    }
}
