using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Web.Features.Status;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Ratings;

/// <summary>
/// POST /status/{code}/rate: the form on the status page, reached through the answer e-mail's signed
/// link. Success redirects back to the status page (post/redirect/get); a refusal shows the status
/// page again with the error; a link that does not sign the current answer is not found.
/// </summary>
[Route("status/{code}/rate")]
public sealed class RatingsController(RateHandler handler, RatingPanels panels, StatusQuery status, IStringLocalizer<RatingsText> text)
    : Controller
{
    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Rate(string code, [FromForm] string? token, [FromForm] string? level, [FromForm] string? comment,
        [FromForm] bool review, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        if (normalized is null)
        {
            return NotFound();
        }

        var parsed = SatisfactionLevels.TryParse(level, out var chosen);
        try
        {
            if (!parsed)
            {
                throw new WorkflowException("required.level", "Choose a level.");
            }

            if (await handler.RateAsync(normalized, token, chosen, comment, review, ct) == RateOutcome.BadLink)
            {
                return NotFound();
            }
        }
        catch (WorkflowException ex)
        {
            var page = await status.PageAsync(normalized, ct);
            if (page is null)
            {
                return NotFound();
            }

            var error = text["Error." + ex.Code].ResourceNotFound ? text["Error.other"] : text["Error." + ex.Code];
            if (ex.Code == "rate.already_rated")
            {
                // The panel is null when a review request put the case back in progress: just the error then.
                var rated = await panels.ForAsync(normalized, null, false, ct);
                Response.StatusCode = StatusCodes.Status409Conflict;
                page.Rating = new RatingPanel { Code = normalized, State = RatingPanelState.Rated, Level = rated?.Level, Error = error };
                return View("/Features/Status/Show.cshtml", page);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            page.Rating = new RatingPanel
            {
                Code = normalized,
                State = RatingPanelState.Form,
                Token = token,
                Level = parsed ? chosen : null,
                Comment = comment,
                RequestReview = review,
                Error = error,
                ErrorField = ex.Code switch
                {
                    "required.level" or "rate.review_needs_dissatisfied" => "level-satisfied",
                    "required.comment" or "rate.comment_too_long" => "comment",
                    _ => null,
                },
            };
            return View("/Features/Status/Show.cshtml", page);
        }

        return Redirect($"/status/{normalized}?rated=1#rate");
    }
}
