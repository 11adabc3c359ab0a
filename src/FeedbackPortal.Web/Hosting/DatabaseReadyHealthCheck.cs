using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedbackPortal.Web.Hosting;

public sealed class DatabaseReadyHealthCheck(PortalReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.DatabaseReady
            ? HealthCheckResult.Healthy("Database migrated and seeded.")
            : HealthCheckResult.Unhealthy("Database not migrated yet."));
}
