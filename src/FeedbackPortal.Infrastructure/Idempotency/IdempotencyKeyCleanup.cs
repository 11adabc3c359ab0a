using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
    ILogger<IdempotencyKeyCleanup> logger) : LeasedPeriodicJob<int?>(scopes, clock, logger)
{
    public const string LeaseName = "idempotency-key-cleanup";

    protected override string Lease => LeaseName;
    protected override TimeSpan Interval => options.Value.CleanupInterval;
    protected override string JobName => "Idempotency key clean-up";
    protected override int? NotRun => null;

    /// <summary>One pass at <paramref name="now"/>; the number of keys deleted, or null when another replica holds the lease.</summary>
    public Task<int?> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunPassAsync(now, cancellationToken);

    protected override async Task<int?> RunLeasedAsync(IServiceProvider services, PortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            Logger.LogInformation("Deleted {Count} expired idempotency keys.", deleted);
        }

        return deleted;
    }
}
