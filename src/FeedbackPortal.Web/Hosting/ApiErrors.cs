using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// Every error of a machine endpoint (/api, /open311...) is RFC 9457 problem+json in the request's
/// language, and none carries internals: bodiless 401/404/405/415 from authentication or routing get
/// a body, the framework's JSON binding errors (English, .NET type names, byte positions) are
/// replaced by localised field errors, oversized bodies are 413, and an unexpected exception is a
/// plain 500 (logged) even in Development. Pages keep their localised HTML error pages.
/// </summary>
public static class ApiErrors
{
    private static readonly HashSet<string> FrameworkTitles =
    [
        "One or more validation errors occurred.",
        "An error occurred while processing your request.",
    ];

    public static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/open311") || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/captcha") || path.StartsWithSegments("/dist");

    public static IServiceCollection AddPortalApiErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => Localize(c.HttpContext, c.ProblemDetails));
        // PostConfigure: MVC's own setup (registered later by AddControllers) sets the default factory.
        services.PostConfigure<ApiBehaviorOptions>(o => o.InvalidModelStateResponseFactory = InvalidModelState);
        services.Configure<JsonOptions>(o => o.AllowInputFormatterExceptionMessages = false);
        return services;
    }

    /// <summary>Inside the status-code pages, so a refused page body (413) still gets the friendly page.</summary>
    public static WebApplication UsePortalApiErrors(this WebApplication app)
    {
        app.UseWhen(c => IsMachineEndpoint(c.Request.Path),
            b => b.UseStatusCodePages(c => WriteProblemAsync(c.HttpContext, c.HttpContext.Response.StatusCode)));
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FeedbackPortal.Web.Errors");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted && TooLarge(ex) is { } status)
            {
                context.Response.Clear();
                context.Response.StatusCode = status;
                if (IsMachineEndpoint(context.Request.Path))
                {
                    await WriteProblemAsync(context, status);
                }
            }
            catch (Exception ex) when (!context.Response.HasStarted && IsMachineEndpoint(context.Request.Path)
                && ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Unhandled error on {Path}", context.Request.Path);
                context.Response.Clear();
                await WriteProblemAsync(context, StatusCodes.Status500InternalServerError);
            }
        });
        return app;
    }

    /// <summary>Body limits: Kestrel's (BadHttpRequestException 413) and the form reader's (InvalidDataException).</summary>
    private static int? TooLarge(Exception ex) => ex switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException when ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => StatusCodes.Status413PayloadTooLarge,
        _ => null,
    };

    public static async Task WriteProblemAsync(HttpContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Instance = context.Request.Path };
        Localize(context, problem);
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyHandler.HeaderName}\"";
        }

        await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json",
            context.RequestAborted);
    }

    /// <summary>A title (and for common statuses a detail) in the request's language, replacing the framework's English.</summary>
    private static void Localize(HttpContext context, ProblemDetails problem)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        if (problem.Title is null || FrameworkTitles.Contains(problem.Title) || problem.Title == ReasonPhrases.GetReasonPhrase(status))
        {
            var title = text[$"Problem.{status}"];
            problem.Title = title.ResourceNotFound ? text["Problem.Other"] : title.Value;
            var detail = text[$"Problem.{status}.Detail"];
            if (problem.Detail is null && !detail.ResourceNotFound)
            {
                problem.Detail = detail.Value;
            }
        }

        problem.Type ??= $"https://httpwg.org/specs/rfc9110.html#status.{status}";
        problem.Status = status;
    }

    /// <summary>
    /// Binding errors of a JSON body: "$.submitter.name" becomes "submitter.name" and the message a
    /// localised one; an unreadable body is one "body" error. Our own validation never uses ModelState.
    /// </summary>
    private static IActionResult InvalidModelState(ActionContext context)
    {
        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var bodyParameters = (context.ActionDescriptor as ControllerActionDescriptor)?.Parameters
            .Where(p => p.BindingInfo?.BindingSource == BindingSource.Body).Select(p => p.Name).ToHashSet() ?? [];
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.Errors.Count == 0)
            {
                continue;
            }

            var field = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
            if (field is "" or "$" || bodyParameters.Contains(field))
            {
                errors["body"] = [text["Problem.Body"]];
            }
            else if (entry.Errors.All(e => e.Exception is null && !IsFrameworkMessage(e.ErrorMessage)))
            {
                errors[field] = entry.Errors.Select(e => e.ErrorMessage).ToArray(); // already ours (localised)
            }
            else
            {
                errors[Camel(field)] = [text["Problem.FieldType"]];
            }
        }

        if (errors.Count > 1)
        {
            errors.Remove("body"); // a type error in one field also fails the body parameter: name the field only
        }

        return ApiProblems.Validation(context, errors);
    }

    private static bool IsFrameworkMessage(string message) =>
        message.Length == 0 || message.Contains("JSON", StringComparison.Ordinal) || message.StartsWith("The ", StringComparison.Ordinal)
        || message.Contains("is not valid", StringComparison.Ordinal) || message.Contains("input was not valid", StringComparison.Ordinal);

    /// <summary>Form and query keys are property names ("Consent"); API errors name JSON fields ("consent").</summary>
    private static string Camel(string field) =>
        string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
