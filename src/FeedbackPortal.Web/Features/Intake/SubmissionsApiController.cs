using System.Globalization;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>Partner apps submit on behalf of people: POST /api/v1/submissions with X-Api-Key.</summary>
[ApiController]
[Route("api/v1/submissions")]
[Authorize(Policy = Policies.PartnerApi)]
[IgnoreAntiforgeryToken] // API-key authenticated, no cookies: not exposed to CSRF
public sealed class SubmissionsApiController(IntakeHandler handler) : ControllerBase
{
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType(typeof(IntakeAccepted), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Submit([FromBody] IntakeRequest? request, CancellationToken ct)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";
        var outcome = await handler.HandleAsync(request ?? new IntakeRequest(), language, $"api:{User.Identity?.Name}", ct);
        if (outcome.Submission is not { } submission)
        {
            return ApiProblems.Validation(this, outcome.Errors);
        }

        return Created($"/api/v1/submissions/{submission.TrackingCode}",
            new IntakeAccepted(submission.TrackingCode, submission.Status.Code(), handler.StatusUrl(submission.TrackingCode)));
    }
}

public sealed record IntakeAccepted(string TrackingCode, string Status, string StatusUrl);
