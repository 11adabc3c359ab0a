using System.Diagnostics.Metrics;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.Infrastructure.Telemetry;

/// <summary>
/// Gauges read from the database: the outbox backlog and the age of its oldest pending row, and the
/// overdue cases per agency. Sampled on a timer by one background query each (not in the exporter's
/// callback, which must not wait on the database); the gauges report the last sample. Runs wherever
/// the workers run; every replica reports the same figures, so dashboards take the max, not the sum.
/// </summary>
public sealed class OperationalGauges : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<OperationalGauges> _logger;
    private volatile Sample _last = new(0, 0, []);

    public OperationalGauges(IServiceScopeFactory scopes, TimeProvider clock, IMeterFactory meters, ILogger<OperationalGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(PortalTelemetry.Name);
        meter.CreateObservableGauge("feedbackportal.outbox.pending", () => (long)_last.OutboxPending, unit: "{message}",
            description: "Outbox rows not yet dispatched.");
        meter.CreateObservableGauge("feedbackportal.outbox.oldest_pending_age", () => _last.OldestPendingAgeSeconds, unit: "s",
            description: "Age of the oldest outbox row not yet dispatched (0 when none).");
        meter.CreateObservableGauge("feedbackportal.cases.overdue", () => _last.OverdueByAgency
            .Select(a => new Measurement<long>(a.Count, new KeyValuePair<string, object?>("agency", a.Agency))), unit: "{case}",
            description: "Open cases past their deadline, per responsible agency.");
    }

    private sealed record Sample(int OutboxPending, double OldestPendingAgeSeconds, IReadOnlyList<(string Agency, long Count)> OverdueByAgency);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _clock);
        do
        {
            try
            {
                _last = await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A gauge that cannot be read keeps its last value; the database's own health check alerts.
                _logger.LogDebug(ex, "Could not sample the operational gauges.");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<Sample> SampleAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = _clock.GetUtcNow();
        var pending = db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null);
        var count = await pending.CountAsync(ct);
        // Ordered by Id (the clustered order, indexed with DispatchedAt): the oldest row is the first.
        var oldest = count == 0 ? (DateTimeOffset?)null
            : await pending.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var running = Submission.ClockRunningStates.ToList();
        var overdue = await db.Submissions.AsNoTracking()
            .Where(s => running.Contains(s.Status) && s.ClockPausedAt == null && s.Deadline != null && s.Deadline < now && s.AgencyCode != null)
            .GroupBy(s => s.AgencyCode!)
            .Select(g => new { Agency = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        return new Sample(count, oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0,
            overdue.Select(o => (o.Agency, o.Count)).OrderBy(o => o.Agency, StringComparer.Ordinal).ToList());
    }
}
