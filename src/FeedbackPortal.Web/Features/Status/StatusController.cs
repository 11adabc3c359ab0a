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
    public bool NotFound { get; init; }

    /// <summary>The submitter just withdrew consent to publication.</summary>
    public bool ConsentWithdrawn { get; init; }

    public string? ConsentError { get; init; }
    public string? ConsentEmail { get; init; }
}

/// <summary>Public status lookup: /status (form) and /status/{code} (the case's public page).</summary>
[Route("status")]
public sealed class StatusController(StatusQuery query, Cases.CaseActions actions, IStringLocalizer<StatusText> text) : Controller
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
    public async Task<IActionResult> Show(string code, [FromQuery] int? submitted, [FromQuery] string? consent, CancellationToken ct)
    {
        var view = await query.FindAsync(code, ct);
        if (view is null)
        {
            return NotFoundPage(code);
        }

        return View("Show", await PageAsync(view, submitted == 1, consent == "withdrawn", null, null, ct));
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
        var view = outcome == Cases.ConsentWithdrawal.NotFound ? null : await query.FindAsync(code, ct);
        if (view is null)
        {
            return NotFoundPage(code);
        }

        if (outcome == Cases.ConsentWithdrawal.EmailMismatch)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var error = string.IsNullOrWhiteSpace(email) ? text["Consent.EmailRequired"] : text["Consent.EmailMismatch"];
            return View("Show", await PageAsync(view, false, false, error, email, ct));
        }

        return Redirect($"/status/{view.TrackingCode}?consent=withdrawn#consent");
    }

    private async Task<StatusPage> PageAsync(StatusView view, bool justSubmitted, bool withdrawn, string? error, string? email,
        CancellationToken ct) => new()
    {
        Code = view.TrackingCode,
        View = view,
        JustSubmitted = justSubmitted,
        FieldName = await query.Lists.FieldNameAsync(view.Field, ct),
        LocalityName = await query.Lists.LocalityNameAsync(view.Locality, ct),
        ConsentWithdrawn = withdrawn,
        ConsentError = error,
        ConsentEmail = email,
    };

    private ViewResult NotFoundPage(string code)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Lookup", new StatusPage { Code = code, NotFound = true });
    }
}
