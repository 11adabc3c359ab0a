using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.Infrastructure.Scheduling;

/// <summary>
/// A scheduled job that runs a pass every <see cref="Interval"/> in one replica at a time: each pass
/// takes the job's lease (<see cref="JobLease"/>, a guarded UPDATE), runs in its own scope and
/// releases the lease even when it fails. A failed pass is logged and the next tick tries again, so
/// a database hiccup never stops the job. Tests call the derived job's RunOnceAsync with a moved clock.
/// </summary>
/// <typeparam name="TPass">What a pass reports (counts, or whether it ran).</typeparam>
public abstract class LeasedPeriodicJob<TPass>(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    private readonly Guid _instance = Guid.NewGuid();

    /// <summary>The lease's name: one per job, shared by every replica.</summary>
    protected abstract string Lease { get; }

    /// <summary>How long a pass may hold the lease before another replica may take it (a crashed replica's pass).</summary>
    protected virtual TimeSpan LeaseDuration => TimeSpan.FromMinutes(10);

    protected abstract TimeSpan Interval { get; }

    /// <summary>What the job is called in the log ("Deadline check").</summary>
    protected abstract string JobName { get; }

    /// <summary>The result of a pass that did not run because another replica holds the lease.</summary>
    protected abstract TPass NotRun { get; }

    protected TimeProvider Clock => clock;

    protected ILogger Logger => logger;

    /// <summary>The pass itself, holding the lease, with a scope of its own.</summary>
    protected abstract Task<TPass> RunLeasedAsync(IServiceProvider services, PortalDbContext db, DateTimeOffset now, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunPassAsync(clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "{Job} failed; next attempt in {Interval}.", JobName, Interval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass at <paramref name="now"/>, if this replica gets the lease; <see cref="NotRun"/> otherwise.</summary>
    protected async Task<TPass> RunPassAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!await JobLease.TryTakeAsync(db, Lease, _instance, now, LeaseDuration, ct))
        {
            return NotRun;
        }

        try
        {
            return await RunLeasedAsync(scope.ServiceProvider, db, now, ct);
        }
        finally
        {
            await JobLease.ReleaseAsync(db, Lease, _instance, CancellationToken.None);
        }
    }
}
