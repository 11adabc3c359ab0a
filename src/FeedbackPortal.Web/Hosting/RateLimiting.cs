using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Hosting;

/// <summary>One limit: a short burst window and a longer sustained window, both must allow.</summary>
public sealed class RateLimitRule
{
    public int Burst { get; set; }
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(1);
    public int Sustained { get; set; }
    public TimeSpan SustainedWindow { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Settings under "RateLimits" (and "Limits:MaxBodyBytes" for the default body size).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off in Development (appsettings.Development.json) so local runs and tests that poll are not throttled.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Form posts per IP (submissions).</summary>
    public RateLimitRule Forms { get; set; } = new() { Burst = 5, Sustained = 30 };

    /// <summary>Status lookups per IP: slows down guessing of tracking codes.</summary>
    public RateLimitRule Status { get; set; } = new() { Burst = 30, Sustained = 300 };

    /// <summary>Requests per API key (partner apps, agency systems, Open311 clients).</summary>
    public RateLimitRule Api { get; set; } = new() { Burst = 60, Sustained = 2000 };
}

/// <summary>
/// Abuse limits: per-IP limits on form posts and status lookups, per-key quotas on the APIs (429
/// with Retry-After; a localised page for people, problem+json for programs), and a small default
/// request body size that only upload endpoints raise.
/// </summary>
public static class RateLimiting
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddPortalAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        foreach (var (name, rule) in new[] { ("Forms", limits.Forms), ("Status", limits.Status), ("Api", limits.Api) })
        {
            if (rule.Burst < 1 || rule.Sustained < 1 || rule.BurstWindow <= TimeSpan.Zero || rule.SustainedWindow <= TimeSpan.Zero)
            {
                throw new Infrastructure.Portal.PortalConfigurationException(
                    $"RateLimits:{name}: Burst and Sustained must be at least 1 and the windows positive.");
            }
        }

        var maxBody = configuration.GetValue("Limits:MaxBodyBytes", DefaultMaxBodyBytes);
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = maxBody);
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = maxBody;
            o.BufferBodyLengthLimit = maxBody;
            o.ValueCountLimit = 200;
        });

        if (!limits.Enabled)
        {
            services.AddRateLimiter(_ => { });
            return services;
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(limits, burst: true),
                Partitioned(limits, burst: false));
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    public static WebApplication UsePortalAbuseLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Which limit a request counts against, and whose bucket: null when unlimited.</summary>
    public static (string Category, string Key)? Classify(HttpContext context)
    {
        var path = context.Request.Path;
        var method = context.Request.Method;
        var client = context.User.FindFirstValue(ApiKeyHandler.ClientIdClaim);
        if (client is not null && context.User.Identity?.AuthenticationType == ApiKeyHandler.SchemeName)
        {
            return ("api", client);
        }

        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // Citizens' form posts: submissions, and on the status page answers and consent withdrawal (e-mail checks).
        if (HttpMethods.IsPost(method) && (path.StartsWithSegments("/submit", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/status", StringComparison.OrdinalIgnoreCase)))
        {
            return ("forms", ip);
        }

        if (HttpMethods.IsGet(method)
            && (path.StartsWithSegments("/status", StringComparison.OrdinalIgnoreCase)
                || path.StartsWithSegments("/api/v1/submissions", StringComparison.OrdinalIgnoreCase)
                || path.StartsWithSegments("/open311/v2/requests", StringComparison.OrdinalIgnoreCase)))
        {
            return ("status", ip);
        }

        if (context.Request.Headers.ContainsKey(ApiKeyHandler.HeaderName)
            || (HttpMethods.IsPost(method) && path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase)))
        {
            return ("api-anonymous", ip); // a key that did not authenticate, counted per IP
        }

        return null;
    }

    private static PartitionedRateLimiter<HttpContext> Partitioned(RateLimitOptions limits, bool burst) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (Classify(context) is not { } bucket)
            {
                return RateLimitPartition.GetNoLimiter("none");
            }

            var rule = bucket.Category switch
            {
                "forms" => limits.Forms,
                "status" => limits.Status,
                _ => limits.Api,
            };
            return RateLimitPartition.GetSlidingWindowLimiter($"{bucket.Category}:{bucket.Key}:{burst}", _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = burst ? rule.Burst : rule.Sustained,
                Window = burst ? rule.BurstWindow : rule.SustainedWindow,
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromSeconds(60);
        await WriteTooManyRequestsAsync(rejected.HttpContext, retryAfter, ct);
    }

    /// <summary>429 with Retry-After: problem+json for programs, the localised page for people.</summary>
    public static async Task WriteTooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var path = context.Request.Path;
        var wantsJson = path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase)
            || context.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);
        if (wantsJson)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = text["TooManyRequests.Title"],
                Detail = text["TooManyRequests.Detail", seconds],
                Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
            };
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
            return;
        }

        var view = new ViewResult
        {
            ViewName = "/Features/Shared/TooManyRequests.cshtml",
            StatusCode = StatusCodes.Status429TooManyRequests,
            ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = seconds },
        };
        await view.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
