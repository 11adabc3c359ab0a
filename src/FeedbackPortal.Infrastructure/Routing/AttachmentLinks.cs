using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Routing;

/// <summary>Attachments of a case as authorised download links for the agency's system.</summary>
public static class AttachmentLinks
{
    /// <summary>The agency API path of one attachment (agency API key of the case's agency required).</summary>
    public static string Path(string trackingCode, Guid attachmentId) =>
        $"/api/v1/agency/cases/{trackingCode}/attachments/{attachmentId}";

    /// <summary>Links based on Portal:PublicBaseUrl of the application the context belongs to.</summary>
    public static Task<IReadOnlyList<RoutedAttachment>> ForAsync(PortalDbContext db, Submission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var app = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        var baseUrl = app?.GetService<IOptions<PortalOptions>>()?.Value.PublicBaseUrl ?? new PortalOptions().PublicBaseUrl;
        return ForAsync(db, submission, baseUrl, ct);
    }

    public static async Task<IReadOnlyList<RoutedAttachment>> ForAsync(PortalDbContext db, Submission submission, string publicBaseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(submission);
        var id = submission.Id;
        var files = await db.Attachments.AsNoTracking().Where(a => a.SubmissionId == id).ToListAsync(ct);
        var baseUrl = (publicBaseUrl ?? "").TrimEnd('/');
        return files.OrderBy(a => a.UploadedAt).ThenBy(a => a.Id)
            .Select(a => new RoutedAttachment(a.Id, a.FileName, a.ContentType, a.Size, baseUrl + Path(submission.TrackingCode, a.Id)))
            .ToList();
    }
}
