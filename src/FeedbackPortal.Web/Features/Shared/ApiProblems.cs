using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Shared;

/// <summary>RFC 9457 problem responses with per-field errors, worded in the request's language.</summary>
public static class ApiProblems
{
    public static IActionResult Validation(ControllerBase controller, IReadOnlyDictionary<string, string[]> errors) =>
        Validation(controller.ControllerContext, errors);

    public static IActionResult Validation(ActionContext context, IReadOnlyDictionary<string, string[]> errors)
    {
        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var problem = new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Title = text["Problem.Validation"],
            Status = StatusCodes.Status400BadRequest,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        return new ObjectResult(problem)
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };
    }

    public static IActionResult NotFound(ControllerBase controller)
    {
        var text = controller.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        return new ObjectResult(new ProblemDetails { Title = text["Problem.NotFound"], Status = StatusCodes.Status404NotFound })
        {
            StatusCode = StatusCodes.Status404NotFound,
            ContentTypes = { "application/problem+json" },
        };
    }
}
