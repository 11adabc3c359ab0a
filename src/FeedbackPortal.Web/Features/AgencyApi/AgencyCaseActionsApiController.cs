using System.Security.Claims;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Features.Attachments;
using FeedbackPortal.Web.Features.Cases;
using FeedbackPortal.Web.Features.Intake;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.AgencyApi;

public sealed record AssignBody(string? Officer);
public sealed record AnswerBody(string? Text, bool? Public);
public sealed record RequestInfoBody(string? Question);
public sealed record NoteBody(string? Text);
public sealed record RejectBody(string? Reason);
public sealed record MergeBody(string? Into);

/// <summary>The answer as multipart: field "text" and an optional part "file" published with it.</summary>
public sealed class AnswerWithFile
{
    public string? Text { get; set; }
    public bool? Public { get; set; }
    public IFormFile? File { get; set; }
}

/// <summary>
/// An agency's own case system acting on its cases: the same <see cref="CaseActions"/> (rules,
/// timeline, e-mails, audit) as the staff pages. The agency comes from the API key; a case of another
/// agency is 404. The agency's system is trusted to have done its own approval, so answers go out directly.
/// </summary>
[ApiController]
[Route("api/v1/agency/cases/{code}")]
[Authorize(Policy = Policies.AgencyApi)]
[Produces("application/json")]
public sealed class AgencyCaseActionsApiController(CaseActions actions, PortalDbContext db, AttachmentStore files,
    IStringLocalizer<IntakeText> fileText) : ControllerBase
{
    [HttpPost("assign")]
    public Task<IActionResult> Assign(string code, [FromBody] AssignBody body, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(body.Officer)
            ? Task.FromResult(Invalid("officer", "required"))
            : Act(code, a => actions.AssignAsync(code, a, body.Officer, ct), ct);

    [HttpPost("answer")]
    [Consumes("application/json")]
    public Task<IActionResult> Answer(string code, [FromBody] AnswerBody body, CancellationToken ct) =>
        body.Public == false
            // An answer is public by nature ("ba công khai"); internal text belongs in notes.
            ? Task.FromResult(Invalid("public", "An answer is always public; use /notes for internal text."))
            : Act(code, a => actions.AnswerAsync(code, a, body.Text, ct), ct);

    /// <summary>The same answer with one file (checked by content like intake uploads), public with the answer.</summary>
    [HttpPost("answer")]
    [Consumes("multipart/form-data")]
    [AttachmentUploadLimits]
    public async Task<IActionResult> AnswerWithFile(string code, [FromForm] AnswerWithFile body, CancellationToken ct)
    {
        if (body.Public == false)
        {
            return Invalid("public", "An answer is always public; use /notes for internal text.");
        }

        StagedAttachment? staged = null;
        if (body.File is { } file && (file.Length > 0 || !string.IsNullOrEmpty(file.FileName)))
        {
            try
            {
                staged = (await files.StageUploadsAsync([file], ct))[0];
            }
            catch (AttachmentRejectedException ex)
            {
                return Invalid("file", AttachmentMessages.Describe(fileText, ex, files.Options));
            }
        }

        return await Act(code, a => actions.AnswerAsync(code, a, body.Text, ct, staged), ct);
    }

    [HttpPost("request-info")]
    public Task<IActionResult> RequestInfo(string code, [FromBody] RequestInfoBody body, CancellationToken ct) =>
        Act(code, a => actions.RequestInformationAsync(code, a, body.Question, ct), ct);

    [HttpPost("notes")]
    public Task<IActionResult> Note(string code, [FromBody] NoteBody body, CancellationToken ct) =>
        Act(code, a => actions.AddNoteAsync(code, a, body.Text, ct), ct);

    [HttpPost("close")]
    public Task<IActionResult> Close(string code, CancellationToken ct) => Act(code, a => actions.CloseAsync(code, a, ct), ct);

    [HttpPost("reject")]
    public Task<IActionResult> Reject(string code, [FromBody] RejectBody body, CancellationToken ct) =>
        Act(code, a => actions.RejectAsync(code, a, body.Reason, ct), ct);

    [HttpPost("merge")]
    public Task<IActionResult> Merge(string code, [FromBody] MergeBody body, CancellationToken ct) =>
        Act(code, a => actions.MergeAsync(code, a, body.Into, ct), ct);

    private async Task<IActionResult> Act(string code, Func<CaseActor, Task<bool>> run, CancellationToken ct)
    {
        var agency = this.CallingAgency();
        try
        {
            if (!await run(new CaseActor(AgencyApiSupport.Actor(agency), [agency], CanApprove: true)))
            {
                return this.CaseNotFound(code);
            }
        }
        catch (WorkflowException ex) when (ex.Code.StartsWith("required.", StringComparison.Ordinal))
        {
            return Invalid(ex.Code["required.".Length..], ex.Message);
        }
        catch (WorkflowException ex)
        {
            return this.WorkflowConflict(ex);
        }

        var normalized = TrackingCode.Normalize(code);
        var state = await db.Submissions.AsNoTracking().Where(s => s.TrackingCode == normalized)
            .Select(s => new { s.TrackingCode, s.Status, s.AssigneeName, s.PendingAnswer }).FirstAsync(ct);
        return Ok(new { trackingCode = state.TrackingCode, status = state.Status.Code(), assignee = state.AssigneeName });
    }

    private IActionResult Invalid(string field, string message) =>
        BadRequest(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
        });
}
