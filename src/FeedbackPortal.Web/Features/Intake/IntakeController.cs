using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Intake;

public sealed class IntakePage
{
    public required string Kind { get; init; }
    public required IntakeForm Form { get; init; }
    public required IReadOnlyList<Option> Fields { get; init; }
    public required IReadOnlyList<Option> Localities { get; init; }
    public required IReadOnlyList<Option> Systems { get; init; }
    public required ICaptchaVerifier Captcha { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}

/// <summary>The public forms: /submit/feedback and /submit/initiative. Work without JavaScript.</summary>
[Route("submit")]
public sealed class IntakeController(
    IntakeHandler handler,
    ReferenceLists lists,
    ICaptchaVerifier captcha,
    IStringLocalizer<IntakeText> text) : Controller
{
    [HttpGet("feedback")]
    public Task<IActionResult> Feedback(CancellationToken ct) => Show("feedback", new IntakeForm(), null, ct);

    [HttpGet("initiative")]
    public Task<IActionResult> Initiative(CancellationToken ct) => Show("initiative", new IntakeForm(), null, ct);

    [HttpPost("feedback")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> SubmitFeedback([FromForm] IntakeForm form, CancellationToken ct) => Submit("feedback", form, ct);

    [HttpPost("initiative")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> SubmitInitiative([FromForm] IntakeForm form, CancellationToken ct) => Submit("initiative", form, ct);

    private async Task<IActionResult> Submit(string kind, IntakeForm form, CancellationToken ct)
    {
        var answer = Request.Form[captcha.FormField].ToString();
        var check = await captcha.VerifyAsync(answer, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (!check.Success)
        {
            return await Show(kind, form, new Dictionary<string, string[]> { ["captcha"] = [text["Error.Captcha"]] }, ct);
        }

        var outcome = await handler.HandleAsync(form.ToRequest(kind), ReferenceLists.Language, "web", ct);
        if (outcome.Submission is not { } submission)
        {
            var errors = outcome.Errors.ToDictionary(e => IntakeForm.FormFieldFor(e.Key), e => e.Value);
            return await Show(kind, form, errors, ct);
        }

        return RedirectToAction("Show", "Status", new { code = submission.TrackingCode, submitted = 1 });
    }

    private async Task<IActionResult> Show(string kind, IntakeForm form, IReadOnlyDictionary<string, string[]>? errors, CancellationToken ct)
    {
        if (errors is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var page = new IntakePage
        {
            Kind = kind,
            Form = form,
            Fields = await lists.FieldsAsync(ct),
            Localities = await lists.LocalitiesAsync(ct),
            Systems = kind == SubmissionKind.Initiative.Code() ? await lists.SystemsAsync(ct) : [],
            Captcha = captcha,
            Errors = errors ?? new Dictionary<string, string[]>(),
        };
        return View("Form", page);
    }
}
