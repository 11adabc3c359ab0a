using System.Diagnostics.Metrics;
using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Reconciliation;

/// <summary>What one pass found and re-drove, per stage.</summary>
public sealed record ReconcilePass(bool Ran, bool OutboxBehind, int Routing, int Delivery, int Receipt, int Index)
{
    public int Total => Routing + Delivery + Receipt + Index;
}

/// <summary>
/// The safety net behind the outbox: every Reconciler:IntervalSeconds, in one replica at a time (a job
/// lease), it looks for cases that stayed longer than Reconciler:StuckAfterSeconds in a stage — still
/// received, routed or transferred but not delivered to a portal-consumed agency, without their receipt
/// e-mail, or behind in the search index — and re-drives each through the outbox, the way the stage
/// started the first time. Every stage is idempotent, so a re-drive of a case that was merely slow
/// changes nothing. Each re-drive is logged and counted (metric feedbackportal.reconciler.redriven,
/// tag stage). While the outbox itself is behind (broker down), cases waiting there are not stuck:
/// the pass does nothing. On a healthy system it never finds anything.
/// </summary>
public sealed partial class StageReconciler(
    IServiceScopeFactory scopes,
    IOptions<ReconcilerOptions> options,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    IMeterFactory meters,
    ILogger<StageReconciler> logger) : LeasedPeriodicJob<ReconcilePass>(scopes, clock, logger)
{
    public const string LeaseName = "stage-reconciler";
    public const string MeterName = "FeedbackPortal";
    public const string CounterName = "feedbackportal.reconciler.redriven";
    private readonly Counter<long> _redriven = meters.Create(MeterName).CreateCounter<long>(CounterName, unit: "{case}",
        description: "Cases the reconciler found stuck in a stage and re-drove.");

    protected override string Lease => LeaseName;
    protected override TimeSpan Interval => options.Value.Interval;
    protected override string JobName => "Reconciler pass";
    protected override ReconcilePass NotRun => new(false, false, 0, 0, 0, 0);

    public Task<ReconcilePass> RunOnceAsync(CancellationToken ct) => RunPassAsync(Clock.GetUtcNow(), ct);

    protected override async Task<ReconcilePass> RunLeasedAsync(IServiceProvider services, PortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - options.Value.StuckAfter;
        if (await db.OutboxMessages.AnyAsync(m => m.DispatchedAt == null && m.CreatedAt < cutoff, ct))
        {
            Logger.LogInformation("Reconciler: the outbox has rows older than {StuckAfter}; cases waiting there are not re-driven.",
                options.Value.StuckAfter);
            return new ReconcilePass(true, true, 0, 0, 0, 0);
        }

        var routing = await RedriveRoutingAsync(db, now, cutoff, ct);
        var delivery = await RedriveDeliveryAsync(db, now, cutoff, ct);
        var receipt = await RedriveReceiptsAsync(db, now, cutoff, ct);
        var index = await RedriveIndexAsync(services, db, now, cutoff, ct);
        return new ReconcilePass(true, false, routing, delivery, receipt, index);
    }

    /// <summary>Still "received": routing (and its indexing) never happened. Publishes SubmissionReceived again.</summary>
    private async Task<int> RedriveRoutingAsync(PortalDbContext db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        var stuck = await db.Submissions.AsNoTracking()
            .Where(s => s.Status == SubmissionStatus.Received && s.UpdatedAt < cutoff)
            .Select(s => new { s.Id, s.TrackingCode, s.Kind, s.SubmittedAt })
            .ToListAsync(ct);
        foreach (var s in stuck)
        {
            db.OutboxMessages.Add(OutboxMessage.Publish(new SubmissionReceived(s.Id, s.TrackingCode, s.Kind.Code(), s.SubmittedAt), now));
            Count("routing", s.TrackingCode, "received");
        }

        await db.SaveChangesAsync(ct);
        return stuck.Count;
    }

    /// <summary>
    /// Routed or transferred to an agency the portal's inbox consumes, never delivered: sends the routed
    /// message to the agency queue again. Agencies with their own system acknowledge at their own pace.
    /// </summary>
    private async Task<int> RedriveDeliveryAsync(PortalDbContext db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        var deliverable = Submission.DeliverableStates.ToList();
        var ids = await (from s in db.Submissions
                         join a in db.Agencies on s.AgencyCode equals a.Code
                         where deliverable.Contains(s.Status) && s.UpdatedAt < cutoff && !a.ExternalConsumer
                         select s.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            var s = await db.Submissions.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            var attachments = await AttachmentLinks.ForAsync(db, s, ct);
            var message = RoutedMessageFactory.Create(s, "re-sent by the reconciler", now, attachments);
            db.OutboxMessages.Add(RoutedMessageFactory.ToAgencyQueue(message, now));
            Count("delivery", s.TrackingCode, s.Status.Code());
        }

        await db.SaveChangesAsync(ct);
        return ids.Count;
    }

    /// <summary>No receipt recorded: asks for it again, under the same per-case notification id.</summary>
    private async Task<int> RedriveReceiptsAsync(PortalDbContext db, DateTimeOffset now, DateTimeOffset cutoff, CancellationToken ct)
    {
        var from = now - options.Value.Lookback;
        var ids = await db.Submissions.AsNoTracking()
            .Where(s => s.SubmittedAt >= from && s.SubmittedAt < cutoff)
            .Where(s => !db.SentNotifications.Any(n => n.SubmissionId == s.Id && n.Template == EmailTemplates.Receipt))
            .Select(s => s.Id)
            .ToListAsync(ct);
        foreach (var id in ids)
        {
            var s = await db.Submissions.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            db.OutboxMessages.Add(ReceiptNotification.Queue(s, portal.Value.PublicBaseUrl, now));
            Count("receipt", s.TrackingCode, s.Status.Code());
        }

        await db.SaveChangesAsync(ct);
        return ids.Count;
    }

    private void Count(string stage, string trackingCode, string status)
    {
        _redriven.Add(1, new KeyValuePair<string, object?>("stage", stage));
        LogRedriven(stage, trackingCode, status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciler re-drove {TrackingCode} (stage {Stage}, status {Status}): it was stuck longer than the configured age.")]
    private static partial void LogRedrivenCore(ILogger logger, string trackingCode, string stage, string status);

    private void LogRedriven(string stage, string trackingCode, string status) => LogRedrivenCore(Logger, trackingCode, stage, status);
}
