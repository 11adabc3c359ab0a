using FeedbackPortal.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Status;

public sealed class StatusPage
{
    public string? Code { get; init; }
    public StatusView? View { get; init; }
    public bool JustSubmitted { get; init; }
    public string? FieldName { get; init; }
    public string? LocalityName { get; init; }
    public string? CommuneName { get; init; }
    public bool NotFound { get; init; }

    /// <summary>The submitter just withdrew consent to publication.</summary>
    public bool ConsentWithdrawn { get; set; }

    public string? ConsentError { get; set; }
    public string? ConsentEmail { get; set; }

    /// <summary>"Một thước đo": rating the current answer (null when there is nothing to rate).</summary>
    public Ratings.RatingPanel? Rating { get; set; }
}

/// <summary>Public status lookup: /status (form) and /status/{code} (the case's public page).</summary>
[Route("status")]
public sealed class StatusController(StatusQuery query, Cases.CaseActions actions, Ratings.RatingPanels ratings,
    IStringLocalizer<StatusText> text) : Controller
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
    public async Task<IActionResult> Show(string code, [FromQuery] int? submitted, [FromQuery] string? consent, [FromQuery] string? rate,
        [FromQuery] int? rated, CancellationToken ct)
    {
        var page = await query.PageAsync(code, ct, justSubmitted: submitted == 1);
        if (page is null)
        {
            return NotFoundPage(code);
        }

        page.ConsentWithdrawn = consent == "withdrawn";
        page.Rating = await ratings.ForAsync(page.Code!, rate, rated == 1, ct);
        return View("Show", page);
    }

    /// <summary>
    /// The submitter withdraws consent to publication. Ownership is proved with the e-mail address
    /// the case was submitted with (the tracking code alone may be public); the public copy leaves
    /// the pages at once and the public index through the outbox within seconds.
    /// </summary>
    [HttpPost("{code}/withdraw-consent")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> WithdrawConsent(string code, [FromForm] string? email, CancellationToken ct)
    {
        var outcome = await actions.WithdrawConsentAsync(code, email, ct);
        var page = outcome == Cases.ConsentWithdrawal.NotFound ? null : await query.PageAsync(code, ct);
        if (page is null)
        {
            return NotFoundPage(code);
        }

        if (outcome == Cases.ConsentWithdrawal.EmailMismatch)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            page.ConsentError = string.IsNullOrWhiteSpace(email) ? text["Consent.EmailRequired"] : text["Consent.EmailMismatch"];
            page.ConsentEmail = email;
            page.Rating = await ratings.ForAsync(page.Code!, null, false, ct);
            return View("Show", page);
        }

        return Redirect($"/status/{page.Code}?consent=withdrawn#consent");
    }

    private ViewResult NotFoundPage(string code)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Lookup", new StatusPage { Code = code, NotFound = true });
    }
}
