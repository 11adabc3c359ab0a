using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Idempotency;

/// <summary>
/// Deletes expired idempotency keys every Idempotency:CleanupInterval, in one replica at a time
/// (a job lease, like the deadline job). Lookups already ignore expired keys, so a late or missed
/// pass only costs disk.
/// </summary>
public sealed class IdempotencyKeyCleanup(
    IServiceScopeFactory scopes,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    public const string LeaseName = "idempotency-key-cleanup";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);
    private readonly Guid _instance = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Idempotency key clean-up failed; next attempt in {Interval}.", options.Value.CleanupInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass at <paramref name="now"/>; the number of keys deleted, or null when another replica holds the lease.</summary>
    public async Task<int?> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!await JobLease.TryTakeAsync(db, LeaseName, _instance, now, LeaseDuration, cancellationToken))
        {
            return null;
        }

        try
        {
            var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} expired idempotency keys.", deleted);
            }

            return deleted;
        }
        finally
        {
            await JobLease.ReleaseAsync(db, LeaseName, _instance, CancellationToken.None);
        }
    }
}
