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

    /// <summary>"Một thước đo": rating the current answer (null when there is nothing to rate).</summary>
    public Ratings.RatingPanel? Rating { get; set; }
}

/// <summary>Public status lookup: /status (form) and /status/{code} (the case's public page).</summary>
[Route("status")]
public sealed class StatusController(StatusQuery query, Ratings.RatingPanels ratings) : Controller
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
    public async Task<IActionResult> Show(string code, [FromQuery] int? submitted, [FromQuery] string? rate, [FromQuery] int? rated,
        CancellationToken ct)
    {
        var page = await query.PageAsync(code, ct, justSubmitted: submitted == 1);
        if (page is null)
        {
            return NotFoundPage(code);
        }

        page.Rating = await ratings.ForAsync(page.Code!, rate, rated == 1, ct);
        return View("Show", page);
    }

    private ViewResult NotFoundPage(string code)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Lookup", new StatusPage { Code = code, NotFound = true });
    }
}
