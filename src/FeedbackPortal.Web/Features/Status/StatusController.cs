using FeedbackPortal.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Status;

public sealed class StatusPage
{
    public string? Code { get; init; }
    public StatusView? View { get; init; }
    public bool JustSubmitted { get; init; }
    public string? FieldName { get; init; }
    public string? LocalityName { get; init; }
    public bool NotFound { get; init; }
}

/// <summary>Public status lookup: /status (form) and /status/{code} (the case's public page).</summary>
[Route("status")]
public sealed class StatusController(StatusQuery query) : Controller
{
    [HttpGet("")]
    public IActionResult Lookup([FromQuery] string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return View("Lookup", new StatusPage());
        }

        var normalized = TrackingCode.Normalize(code);
        return normalized is null
            ? NotFoundPage(code)
            : RedirectToAction(nameof(Show), new { code = normalized });
    }

    [HttpGet("{code}")]
    public async Task<IActionResult> Show(string code, [FromQuery] int? submitted, CancellationToken ct)
    {
        var view = await query.FindAsync(code, ct);
        if (view is null)
        {
            return NotFoundPage(code);
        }

        return View("Show", new StatusPage
        {
            Code = view.TrackingCode,
            View = view,
            JustSubmitted = submitted == 1,
            FieldName = await query.Lists.FieldNameAsync(view.Field, ct),
            LocalityName = await query.Lists.LocalityNameAsync(view.Locality, ct),
        });
    }

    private ViewResult NotFoundPage(string code)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Lookup", new StatusPage { Code = code, NotFound = true });
    }
}
