using System.Security.Claims;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.AgencyApi;

/// <summary>
/// What every agency API controller needs: the calling agency (from its API key's claim), its cases
/// only (another agency's case is simply not found), and problem+json answers in the caller's language.
/// </summary>
public static class AgencyApiSupport
{
    /// <summary>The agency whose key authenticated the request.</summary>
    public static string CallingAgency(this ControllerBase controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.User.FindFirstValue(ApiKeyHandler.AgencyClaim)
            ?? throw new InvalidOperationException("The AgencyApi policy admits only keys bound to an agency.");
    }

    /// <summary>Timeline actor for changes made by an agency's own system.</summary>
    public static string Actor(string agencyCode) => "agency:" + agencyCode;

    /// <summary>The case with this tracking code if it is the agency's, tracked for changes; otherwise null.</summary>
    public static async Task<Submission?> FindCaseAsync(PortalDbContext db, string agencyCode, string? trackingCode,
        CancellationToken ct, bool withTimeline = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        var code = TrackingCode.Normalize(trackingCode);
        if (code is null)
        {
            return null;
        }

        var query = db.Submissions.Where(s => s.TrackingCode == code && s.AgencyCode == agencyCode);
        return withTimeline ? await query.Include(s => s.Timeline).FirstOrDefaultAsync(ct) : await query.FirstOrDefaultAsync(ct);
    }

    public static IActionResult CaseNotFound(this ControllerBase controller, string? trackingCode) =>
        controller.AgencyProblem(StatusCodes.Status404NotFound, "Problem.CaseNotFound", trackingCode ?? "");

    /// <summary>A transition the case's status does not allow: 409, with the domain's code for machines.</summary>
    public static IActionResult WorkflowConflict(this ControllerBase controller, WorkflowException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Problem(controller, StatusCodes.Status409Conflict, "Workflow." + exception.Code, exception.Message,
            new Dictionary<string, object?> { ["code"] = exception.Code }, []);
    }

    /// <summary>Someone else changed the case between our read and our write.</summary>
    public static IActionResult ConcurrencyConflict(this ControllerBase controller) =>
        controller.AgencyProblem(StatusCodes.Status409Conflict, "Problem.Concurrency");

    public static IActionResult BadRequestProblem(this ControllerBase controller, string key, params object[] args) =>
        controller.AgencyProblem(StatusCodes.Status400BadRequest, key, args);

    /// <summary>A problem+json answer titled with the <see cref="AgencyApiText"/> resource <paramref name="key"/>.</summary>
    public static IActionResult AgencyProblem(this ControllerBase controller, int status, string key, params object[] args) =>
        Problem(controller, status, key, null, null, args);

    private static ObjectResult Problem(ControllerBase controller, int status, string key, string? fallback,
        IDictionary<string, object?>? extensions, object[] args)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var text = controller.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<AgencyApiText>>();
        var localized = text[key, args];
        var problem = new ProblemDetails
        {
            Status = status,
            Title = localized.ResourceNotFound && fallback is not null ? fallback : localized.Value,
            Instance = controller.HttpContext.Request.Path,
        };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
