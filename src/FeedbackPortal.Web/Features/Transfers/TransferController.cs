using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Features.Cases;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Transfers;

public sealed record AgencyOption(string Code, string Name);

public sealed class TransferForm
{
    public string TrackingCode { get; set; } = "";
    public string Title { get; set; } = "";
    public string? CurrentAgency { get; set; }
    public string? Agency { get; set; }
    public string? Reason { get; set; }
    public IReadOnlyList<AgencyOption> Agencies { get; set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
}

/// <summary>
/// Staff transfer of a misrouted case: <c>/staff/cases/{code}/transfer</c>. An officer can transfer
/// only a case of their own agencies (anything else is "not found"); coordinators any case.
/// </summary>
[Route("staff/cases/{code}/transfer")]
[Authorize(Policy = Policies.Staff)]
public sealed class TransferController(PortalDbContext db, StaffScope scope, CaseActions actions,
    IStringLocalizer<TransfersText> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Form(string code, CancellationToken ct)
    {
        var submission = await FindAsync(code, ct);
        return submission is null ? NotFound() : await ShowAsync(new TransferForm(), submission, ct);
    }

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Transfer(string code, [FromForm] string? agency, [FromForm] string? reason, CancellationToken ct)
    {
        var submission = await FindAsync(code, ct);
        if (submission is null)
        {
            return NotFound();
        }

        var form = new TransferForm { Agency = agency, Reason = reason };
        if (string.IsNullOrWhiteSpace(agency))
        {
            form.Errors["Agency"] = text["Error.AgencyRequired"];
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            form.Errors["Reason"] = text["Error.ReasonRequired"];
        }

        if (form.Errors.Count == 0)
        {
            try
            {
                // The case actions' transfer: the same transition, outbox message and audit entry as the inbox's bulk transfer.
                await actions.TransferAsync(submission.TrackingCode, await StaffActor.ForAsync(scope, ct), agency, reason, ct);
                TempData["Flash"] = text["Done", submission.TrackingCode].Value;
                return Redirect($"/staff/cases/{submission.TrackingCode}");
            }
            catch (WorkflowException ex) when (ex.Code == "concurrency")
            {
                form.Errors["Agency"] = text["Error.Concurrency"];
            }
            catch (WorkflowException ex)
            {
                var message = text["Error." + ex.Code];
                form.Errors[ex.Code.StartsWith("required", StringComparison.Ordinal) ? "Reason" : "Agency"] =
                    message.ResourceNotFound ? ex.Message : message.Value;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(form, submission, ct);
    }

    private async Task<Submission?> FindAsync(string code, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        if (normalized is null)
        {
            return null;
        }

        var agencies = await scope.AgenciesAsync(ct);
        return await db.Submissions.Include(s => s.Timeline)
            .FirstOrDefaultAsync(s => s.TrackingCode == normalized && s.AgencyCode != null && agencies.Contains(s.AgencyCode), ct);
    }

    private async Task<IActionResult> ShowAsync(TransferForm form, Submission submission, CancellationToken ct)
    {
        var language = ReferenceLists.Language;
        form.TrackingCode = submission.TrackingCode;
        form.Title = submission.Title;
        form.Agencies = (await db.Agencies.AsNoTracking().Where(a => a.IsActive && a.Code != submission.AgencyCode).ToListAsync(ct))
            .Select(a => new AgencyOption(a.Code, a.Name(language)))
            .OrderBy(a => a.Code == Domain.Agencies.Agency.CentralTriage ? 0 : 1).ThenBy(a => a.Name, StringComparer.Create(new("vi"), false))
            .ToList();
        var current = submission.AgencyCode is null ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == submission.AgencyCode, ct);
        form.CurrentAgency = current?.Name(language) ?? submission.AgencyCode;
        return View("~/Features/Transfers/Form.cshtml", form);
    }
}
