using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Shared;

public sealed class StatusCodePage
{
    public required int Code { get; init; }
    public string? OriginalPath { get; init; }
}

/// <summary>
/// Friendly, localised error pages. The pipeline re-executes here for bodiless 4xx/5xx responses of
/// pages (<c>UseStatusCodePagesWithReExecute("/error/{0}")</c>) and for unhandled exceptions
/// (<c>UseExceptionHandler("/error/500")</c>). The status code is kept.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class StatusCodeController : Controller
{
    /// <remarks>
    /// The code is read from the route, not model-bound: a re-executed POST keeps its body, and when
    /// that form cannot be read (too large, malformed) MVC skips binding altogether, which left the
    /// code 0 and showed "page not found" instead of the real error.
    /// </remarks>
    [Route("/error/{code:int}")]
    public IActionResult Show()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : 0;
        return Show(code);
    }

    private ViewResult Show(int code)
    {
        if (code is < 400 or > 599)
        {
            code = StatusCodes.Status404NotFound;
        }

        Response.StatusCode = code;
        var reExecute = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        return View("StatusCode", new StatusCodePage { Code = code, OriginalPath = reExecute?.OriginalPath });
    }

    [Route("/error")]
    public IActionResult Error() => Show(StatusCodes.Status500InternalServerError);
}

/// <summary>Marker for the error pages' texts (ErrorText.resx: Vietnamese; ErrorText.en.resx: English).</summary>
public sealed class ErrorText;
