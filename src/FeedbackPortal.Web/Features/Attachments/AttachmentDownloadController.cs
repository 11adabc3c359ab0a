using System.Security.Claims;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Features.Status;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Attachments;

/// <summary>
/// The submitter's attachments are never public. Staff download those of cases their agency holds;
/// an agency's own system downloads those of its agency's cases with its API key. The one public
/// route serves files published with an answer, and only while the public page shows that answer.
/// Anything else is "not found" (no hint that the case or file exists).
/// </summary>
public sealed class AttachmentDownloadController(PortalDbContext db, AttachmentStore store) : Controller
{
    [HttpGet("/staff/cases/{code}/attachments/{id:guid}")]
    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> ForStaff(string code, Guid id, [FromServices] StaffScope scope, CancellationToken ct)
    {
        var agencies = await scope.AgenciesAsync(ct);
        return await DownloadAsync(code, id, agency => agency is not null && agencies.Contains(agency), ct);
    }

    [HttpGet("/api/v1/agency/cases/{code}/attachments/{id:guid}")]
    [Authorize(Policy = Policies.AgencyApi)]
    [ProducesResponseType(typeof(FileStreamResult), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound)]
    public Task<IActionResult> ForAgencySystem(string code, Guid id, CancellationToken ct)
    {
        var mine = User.FindFirstValue(ApiKeyHandler.AgencyClaim);
        return DownloadAsync(code, id, agency => mine is not null && agency == mine, ct, api: true);
    }

    /// <summary>Public: a file published with the answer of this case (never a submitter's upload).</summary>
    [HttpGet("/status/{code}/answer-files/{id:guid}")]
    [AllowAnonymous]
    public Task<IActionResult> AnswerFile(string code, Guid id, CancellationToken ct) =>
        DownloadAsync(code, id, _ => true, ct, publicAnswer: true);

    private async Task<IActionResult> DownloadAsync(string code, Guid id, Func<string?, bool> mayRead, CancellationToken ct, bool api = false,
        bool publicAnswer = false)
    {
        var trackingCode = TrackingCode.Normalize(code);
        var found = trackingCode is null
            ? null
            : await (from a in db.Attachments.AsNoTracking()
                     join s in db.Submissions.AsNoTracking() on a.SubmissionId equals s.Id
                     where a.Id == id && s.TrackingCode == trackingCode
                     select new { Attachment = a, s.AgencyCode, Case = s }).FirstOrDefaultAsync(ct);
        if (found is null || !mayRead(found.AgencyCode)
            || (publicAnswer && (found.Attachment.Purpose != AttachmentPurpose.Answer || !StatusQuery.ShowsAnswer(found.Case))))
        {
            return api ? ApiProblems.NotFound(this) : NotFound();
        }

        Stream stream;
        try
        {
            stream = store.OpenRead(found.Attachment);
        }
        catch (FileNotFoundException)
        {
            return api ? ApiProblems.NotFound(this) : NotFound();
        }
        catch (DirectoryNotFoundException)
        {
            return api ? ApiProblems.NotFound(this) : NotFound();
        }

        // Always a download with the detected type; never rendered inline on our origin.
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = publicAnswer ? "no-cache" : "private, no-store";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        Response.Headers["X-Content-SHA256"] = found.Attachment.Sha256;
        return File(stream, found.Attachment.ContentType, found.Attachment.FileName, enableRangeProcessing: false);
    }
}
