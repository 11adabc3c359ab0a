using FeedbackPortal.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Cases;

public sealed class InfoResponsePage
{
    public required string Code { get; init; }
    public required string Token { get; init; }
    public string? Question { get; init; }
    public string? Information { get; init; }
    public string? Error { get; init; }
    public bool Done { get; init; }
}

/// <summary>
/// Where the submitter answers an information request: the e-mailed link carries a signed token
/// bound to the case, so nobody else can answer for them and no login is needed.
/// </summary>
[Route("status/{code}/respond")]
public sealed class InfoResponseController(CaseActions actions, Infrastructure.Persistence.PortalDbContext db, IStringLocalizer<CasesText> text)
    : Controller
{
    private const string View_ = "/Features/Cases/Respond.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Form(string code, [FromQuery] string? token, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        if (normalized is null || !actions.TokenMatches(token, normalized))
        {
            return NotFound();
        }

        return View(View_, new InfoResponsePage { Code = normalized, Token = token!, Question = await QuestionAsync(normalized, ct) });
    }

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Submit(string code, [FromForm] string? token, [FromForm] string? information, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        if (normalized is null || !actions.TokenMatches(token, normalized))
        {
            return NotFound();
        }

        try
        {
            await actions.ReceiveInformationAsync(normalized, token, information, ct);
        }
        catch (WorkflowException ex)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(View_, new InfoResponsePage
            {
                Code = normalized, Token = token!, Information = information, Question = await QuestionAsync(normalized, ct),
                Error = ex.Code.StartsWith("required.", StringComparison.Ordinal) ? text["Respond.Required"] : text["Respond.NotWaiting"],
            });
        }

        return View(View_, new InfoResponsePage { Code = normalized, Token = token!, Done = true });
    }

    private Task<string?> QuestionAsync(string code, CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.TimelineEvents.Where(e => e.Type == TimelineEventType.InformationRequested
                    && db.Submissions.Any(s => s.Id == e.SubmissionId && s.TrackingCode == code))
                .OrderByDescending(e => e.At).Select(e => e.PublicNote), ct);
}
