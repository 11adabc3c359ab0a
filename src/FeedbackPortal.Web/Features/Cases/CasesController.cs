using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Attachments;
using FeedbackPortal.Web.Features.Audit;
using FeedbackPortal.Web.Features.Intake;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Cases;

/// <summary>
/// The staff case page (/staff/cases/{code}) and its actions. Each action is a POST with
/// antiforgery that calls one <see cref="CaseActions"/> method; a refusal re-renders the page with
/// a localised message. A case outside the officer's agencies is a plain 404.
/// </summary>
[Route("staff/cases")]
[Authorize(Policy = Policies.Staff)]
public sealed class CasesController(CaseActions actions, CasePageQuery pages, StaffScope scope, AuditLog audit,
    IStringLocalizer<CasesText> text, AttachmentStore files, IStringLocalizer<IntakeText> fileText) : Controller
{
    [HttpGet("{code}")]
    public async Task<IActionResult> Show(string code, [FromQuery] bool contact, [FromQuery] int? template, [FromQuery] string? done,
        CancellationToken ct)
    {
        var page = await pages.LoadAsync(code, await ActorAsync(ct), contact, template, ct);
        if (page is null)
        {
            return NotFound();
        }

        if (contact)
        {
            // Personal data seen: recorded before it is shown.
            await audit.RecordAsync("case.view_contact", page.Case.TrackingCode, null, ct);
        }

        page.Done = done;
        return View("Show", page);
    }

    [HttpPost("{code}/assign")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Assign(string code, [FromForm] string? officer, [FromForm] bool self, CancellationToken ct) =>
        Act(code, "assign", a => actions.AssignAsync(code, a, self || officer == "me" || string.IsNullOrEmpty(officer) ? a.Id : officer, ct), ct);

    [HttpPost("{code}/start")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Start(string code, CancellationToken ct) => Act(code, "start", a => actions.StartAsync(code, a, ct), ct);

    [HttpPost("{code}/task")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> ChangeTask(string code, [FromForm] string? task, CancellationToken ct) =>
        Act(code, "task", a => actions.ChangeTaskAsync(code, a, task, ct), ct);

    [HttpPost("{code}/notes")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Note(string code, [FromForm] string? note, CancellationToken ct) =>
        Act(code, "note", a => actions.AddNoteAsync(code, a, note, ct), ct);

    [HttpPost("{code}/request-info")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> RequestInfo(string code, [FromForm] string? question, CancellationToken ct) =>
        Act(code, "request_info", a => actions.RequestInformationAsync(code, a, question, ct), ct);

    /// <summary>The answer with one optional public file, checked by content like the intake uploads.</summary>
    [HttpPost("{code}/answer")]
    [AttachmentUploadLimits]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Answer(string code, [FromForm] string? answer, IFormFile? file, CancellationToken ct)
    {
        StagedAttachment? staged = null;
        if (file is not null && (file.Length > 0 || !string.IsNullOrEmpty(file.FileName)))
        {
            try
            {
                staged = (await files.StageUploadsAsync([file], ct))[0];
            }
            catch (AttachmentRejectedException ex)
            {
                // Nothing stored: the refused file was deleted from staging; the case is unchanged.
                return await ErrorPageAsync(code, await ActorAsync(ct), "answer_file", AttachmentMessages.Describe(fileText, ex, files.Options),
                    StatusCodes.Status400BadRequest, ct, answer);
            }
        }

        return await Act(code, "answer", a => actions.AnswerAsync(code, a, answer, ct, staged), ct);
    }

    [HttpPost("{code}/approve")]
    [ValidateAntiForgeryToken]
    [Authorize(Policy = Policies.Head)]
    public Task<IActionResult> Approve(string code, CancellationToken ct) =>
        Act(code, "approve_answer", a => actions.ApproveAnswerAsync(code, a, ct), ct);

    /// <summary>Approve the public text: nothing of a case is public before a person has read it.</summary>
    [HttpPost("{code}/publish")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Publish(string code, [FromForm] string? publicTitle, [FromForm] string? publicContent,
        [FromForm] string? publicAnswer, CancellationToken ct) =>
        Act(code, "publish", a => actions.ApprovePublicationAsync(code, a, publicTitle, publicContent, publicAnswer, ct), ct);

    [HttpPost("{code}/close")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Close(string code, CancellationToken ct) => Act(code, "close", a => actions.CloseAsync(code, a, ct), ct);

    [HttpPost("{code}/reject")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Reject(string code, [FromForm] string? reason, CancellationToken ct) =>
        Act(code, "reject", a => actions.RejectAsync(code, a, reason, ct), ct);

    [HttpPost("{code}/merge")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Merge(string code, [FromForm] string? into, CancellationToken ct) =>
        Act(code, "merge", a => actions.MergeAsync(code, a, into, ct), ct);

    [HttpPost("{code}/reopen")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Reopen(string code, [FromForm] string? reason, CancellationToken ct) =>
        Act(code, "reopen", a => actions.ReopenAsync(code, a, reason, ct), ct);

    [HttpPost("{code}/evaluate")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Evaluate(string code, [FromForm] int feasibility, [FromForm] int impact, [FromForm] int cost,
        [FromForm] int readiness, [FromForm] string? notes, CancellationToken ct) =>
        Act(code, "evaluate", a => actions.EvaluateAsync(code, a, new EvaluationScores(feasibility, impact, cost, readiness), notes, ct), ct);

    [HttpPost("{code}/decide")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Decide(string code, [FromForm] string? decision, [FromForm] string? reasons, CancellationToken ct) =>
        Act(code, "decide", a => actions.DecideAsync(code, a, decision == "accept", reasons, ct), ct);

    [HttpPost("{code}/pilot")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Pilot(string code, [FromForm] string? note, CancellationToken ct) =>
        Act(code, "pilot", a => actions.StartPilotAsync(code, a, note, ct), ct);

    [HttpPost("{code}/scale-up")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> ScaleUp(string code, [FromForm] string? note, CancellationToken ct) =>
        Act(code, "scale_up", a => actions.ScaleUpAsync(code, a, note, ct), ct);

    private async Task<IActionResult> Act(string code, string action, Func<CaseActor, Task<bool>> run, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        try
        {
            if (!await run(actor))
            {
                return NotFound();
            }
        }
        catch (WorkflowException ex)
        {
            return await ErrorPageAsync(code, actor, ex.Code, ErrorText(text, ex.Code), StatusCodes.Status409Conflict, ct);
        }

        return Redirect($"/staff/cases/{Uri.EscapeDataString(TrackingCode.Normalize(code) ?? code)}?done={action}");
    }

    private async Task<IActionResult> ErrorPageAsync(string code, CaseActor actor, string errorCode, string message, int status,
        CancellationToken ct, string? answerDraft = null)
    {
        var page = await pages.LoadAsync(code, actor, contact: false, template: null, ct);
        if (page is null)
        {
            return NotFound();
        }

        page.Error = message;
        page.AnswerDraft = answerDraft ?? page.AnswerDraft;
        page.ErrorCode = errorCode;
        Response.StatusCode = status;
        return View("Show", page);
    }

    internal static string ErrorText(IStringLocalizer<CasesText> text, string code)
    {
        var key = code.StartsWith("status_not_allowed.", StringComparison.Ordinal) ? "Error.status_not_allowed" : "Error." + code;
        var message = text[key];
        return message.ResourceNotFound ? text["Error.generic"] : message;
    }

    private async Task<CaseActor> ActorAsync(CancellationToken ct) => await StaffActor.ForAsync(scope, ct);
}

public static class StaffActor
{
    public static async Task<CaseActor> ForAsync(StaffScope scope, CancellationToken ct) => new(
        scope.UserId ?? "anonymous",
        scope.SeesAllAgencies ? null : await scope.AgenciesAsync(ct),
        scope.User.IsInRole(StaffRoles.Head) || scope.User.IsInRole(StaffRoles.Coordinator) || scope.User.IsInRole(StaffRoles.Admin));
}

public sealed class CasesText;
