using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Web.Features.Intake;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Attachments;

/// <summary>
/// Raises the body and multipart limits on an upload endpoint to Attachments:MaxFiles ×
/// Attachments:MaxFileBytes plus a margin for the fields; every other endpoint keeps the small
/// default (see Hosting/RateLimiting.cs). An authorization-stage filter ordered first, because
/// the antiforgery check (also an authorization filter) already reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AttachmentUploadLimitsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -3000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value;
        var max = options.MaxUploadBytes;
        var size = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = max;
        }

        var request = context.HttpContext.Request;
        if (context.HttpContext.Features.Get<IFormFeature>()?.Form is null)
        {
            context.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
            {
                MultipartBodyLengthLimit = max,
                ValueCountLimit = 200,
                BufferBodyLengthLimit = max,
            }));
        }
    }
}

/// <summary>Localised messages for refused files; they always say the files must be selected again.</summary>
public static class AttachmentMessages
{
    public static string Describe(IStringLocalizer<IntakeText> text, AttachmentRejectedException ex, AttachmentOptions options) =>
        ex.Problem switch
        {
            AttachmentProblem.TooLarge => text["Error.FileTooLarge", ex.FileName, options.MaxFileBytes / (1024 * 1024)],
            AttachmentProblem.Empty => text["Error.FileEmpty", ex.FileName],
            AttachmentProblem.TooMany => text["Error.FilesTooMany", options.MaxFiles],
            AttachmentProblem.NameMismatch => text["Error.FileExtension", ex.FileName],
            _ => text["Error.FileType", ex.FileName],
        };
}
