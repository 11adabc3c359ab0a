using System.Net.Sockets;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Health;

/// <summary>Ready once the database is migrated and seeded (by this process's initializer).</summary>
public sealed class DatabaseReadyHealthCheck(PortalReadiness readiness, IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.DatabaseReady)
        {
            return HealthCheckResult.Unhealthy("Database not migrated yet.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("Database migrated, seeded and reachable.")
            : HealthCheckResult.Unhealthy("Database unreachable.");
    }
}

/// <summary>The search index answers a cheap query. Derived data: registered as Degraded, never fatal.</summary>
public sealed class SearchHealthCheck(ISearchIndex index, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var results = await index.SearchAsync(new SearchQuery { Scope = SearchScope.Public, PageSize = 1, Now = clock.GetUtcNow() }, cancellationToken);
            return HealthCheckResult.Healthy("Search index answers.", new Dictionary<string, object> { ["publishedDocuments"] = results.Total });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Search index unreachable: " + ex.Message);
        }
    }
}

/// <summary>A TCP connection to the SMTP server opens (only when Email:Delivery is Smtp). Degraded, never fatal.</summary>
public sealed class SmtpHealthCheck(IOptions<EmailOptions> options) : IHealthCheck
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var email = options.Value;
        if (email.Delivery != EmailDelivery.Smtp)
        {
            return HealthCheckResult.Healthy("E-mail goes to the pickup folder.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(email.Smtp.Host, email.Smtp.Port, timeout.Token);
            return HealthCheckResult.Healthy($"SMTP {email.Smtp.Host}:{email.Smtp.Port} accepts connections.");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"SMTP {email.Smtp.Host}:{email.Smtp.Port} unreachable: {ex.Message}");
        }
    }
}

/// <summary>
/// The outbox backlog: how many rows wait and how old the oldest is. Degraded when the oldest is
/// older than Outbox:BacklogWarningSeconds (no dispatcher running, or the broker is down).
/// </summary>
public sealed class OutboxHealthCheck(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OutboxOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var pending = db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null);
        var count = await pending.CountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTimeOffset?)null
            : await pending.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var age = oldest is { } o ? clock.GetUtcNow() - o : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["undispatched"] = count,
            ["oldestAgeSeconds"] = Math.Round(Math.Max(0, age.TotalSeconds), 1),
        };
        return age.TotalSeconds > options.Value.BacklogWarningSeconds
            ? new HealthCheckResult(context.Registration.FailureStatus,
                $"{count} outbox message(s) waiting; the oldest for {age.TotalSeconds:F0} s. Is a worker running and the broker up?", data: data)
            : HealthCheckResult.Healthy($"{count} outbox message(s) waiting.", data);
    }
}
