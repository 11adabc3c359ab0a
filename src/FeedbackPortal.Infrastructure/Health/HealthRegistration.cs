using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedbackPortal.Infrastructure.Health;

/// <summary>
/// The health checks and endpoints both hosts share. <c>/health/live</c> runs no check (the process
/// answers); <c>/health/ready</c> runs every check tagged <see cref="ReadyTag"/>: the database
/// (Unhealthy fails readiness), the bus when this process runs it (MassTransit adds its own check
/// tagged "ready" and "masstransit"), and search, SMTP and the outbox backlog, which report
/// Degraded and still answer 200 so a slow index or mail server never takes the portal out of a
/// load balancer.
/// </summary>
public static class HealthRegistration
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IHealthChecksBuilder AddPortalHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services.AddHealthChecks()
            .AddCheck<DatabaseReadyHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<SearchHealthCheck>("search", HealthStatus.Degraded, [ReadyTag], CheckTimeout)
            .AddCheck<SmtpHealthCheck>("smtp", HealthStatus.Degraded, [ReadyTag], CheckTimeout)
            .AddCheck<OutboxHealthCheck>("outbox", HealthStatus.Degraded, [ReadyTag], CheckTimeout);
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteJsonAsync,
        });
        return endpoints;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>{"status":"Degraded","durationMs":3.1,"checks":{"search":{"status":"Degraded","description":...}}}</summary>
    public static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                tags = e.Value.Tags,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
