using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Telemetry;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Outbox;

/// <summary>
/// Publishes outbox rows to the bus. Several dispatchers (one per worker replica) may run at once:
/// each claims a batch by stamping it with a fresh claim token and a lease, then sends only the
/// rows carrying its token. On PostgreSQL the claim is one UPDATE over a sub-select with
/// FOR UPDATE SKIP LOCKED, so concurrent claimers take disjoint batches without waiting on (or
/// deadlocking with) each other; on SQLite the single writer makes the guarded UPDATE atomic.
/// A crashed dispatcher's lease simply expires. A row is marked dispatched only once its message is
/// durable: on RabbitMQ after the broker's publisher confirm; on the in-memory transport, whose queues
/// die with the process, only after the consuming queues' consumers finished with it
/// (<see cref="InMemoryDeliveries"/>). Delivery is at-least-once and consumers are idempotent.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    MessagingSettings settings,
    AgencyQueues agencyQueues,
    InMemoryDeliveries inMemory,
    TimeProvider clock,
    PortalMetrics metrics,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly Dictionary<string, Type> ContractTypes = typeof(SubmissionReceived).Assembly
        .GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == typeof(SubmissionReceived).Namespace)
        .ToDictionary(t => t.Name);

    /// <summary>Messages published at once within a batch (each waits for its broker confirm).</summary>
    private const int ConcurrentSends = 20;

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In memory a send includes its consumers' work and their retries (up to ~25 s of back-off),
    /// on a machine that may be busy; the heartbeat keeps the lease meanwhile.
    /// </summary>
    private static readonly TimeSpan InMemorySendTimeout = TimeSpan.FromMinutes(2);

    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // MassTransit's hosted service does not wait for the bus to start; publishing into a bus that
        // is still connecting can stall, so the first claim waits until the bus reports healthy.
        await WaitForBusAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox dispatch failed; retrying.");
                sent = 0;
            }

            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task WaitForBusAsync(CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        if (scope.ServiceProvider.GetService<IBusControl>() is not { } control)
        {
            return;
        }

        try
        {
            while (control.CheckHealth().Status != BusHealthStatus.Healthy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before the bus ever started.
        }
    }

    /// <summary>Claims and sends one batch; returns how many rows were claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        // A token per claim (not per process, not the lease timestamp): the re-select below finds
        // exactly the rows this UPDATE stamped, whatever the column's timestamp precision, and the
        // heartbeat and the failure path touch only those.
        var token = Guid.NewGuid();
        var claimedCount = await ClaimAsync(db, token, now, now + _options.Lease, cancellationToken);
        if (claimedCount == 0)
        {
            await PurgeOldAsync(db, now, cancellationToken);
            return 0;
        }

        var claimed = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LockedBy == token && m.DispatchedAt == null)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);

        // Sending can be slower than the lease (the first publish of a type declares exchanges; a
        // busy broker): a heartbeat keeps the lease of our unsent rows alive meanwhile, or another
        // replica would take them over and send them too.
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = KeepLeaseAsync(token, stopHeartbeat.Token);
        try
        {
            await SendClaimedAsync(db, token, claimed, cancellationToken);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        await PurgeOldAsync(db, now, cancellationToken);
        return claimed.Count;
    }

    private async Task SendClaimedAsync(PortalDbContext db, Guid token, List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < claimed.Count; offset += ConcurrentSends)
        {
            var chunk = claimed.Skip(offset).Take(ConcurrentSends).ToList();

            // A chunk is published concurrently: each send waits for the broker's confirm, so one at
            // a time would cap a dispatcher at one round trip per message. Order across messages was
            // never guaranteed (several dispatchers, several consumers); consumers re-read the database.
            var results = await Task.WhenAll(chunk.Select(async message =>
            {
                // A send that hangs (broker blocked, connection half-open) fails after a while, so
                // its row goes back to the pool instead of being held by the heartbeat forever.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Transport == MessagingTransport.InMemory ? InMemorySendTimeout : SendTimeout);
                try
                {
                    await SendAsync(message, timeout.Token);
                    return (message, Error: (Exception?)null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return (message, Error: ex);
                }
            }));

            var sent = results.Where(r => r.Error is null).Select(r => r.message).ToList();
            if (sent.Count > 0)
            {
                var sentIds = sent.Select(m => m.Id).ToList();
                var dispatchedAt = clock.GetUtcNow();
                await db.OutboxMessages.Where(m => sentIds.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.DispatchedAt, dispatchedAt)
                        .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
                foreach (var message in sent)
                {
                    metrics.OutboxDispatched(message.MessageType, dispatchedAt - message.CreatedAt);
                }
            }

            var failures = results.Where(r => r.Error is not null).ToList();
            if (failures.Count == 0)
            {
                continue;
            }

            foreach (var (message, error) in failures)
            {
                await MarkFailedAsync(db, token, message, error!);
            }

            // The broker is probably down: hand the rest of the batch back at once instead of
            // holding it for a full lease, and let the next pass retry.
            var rest = claimed.Skip(offset + ConcurrentSends).Select(m => m.Id).ToList();
            await db.OutboxMessages.Where(m => rest.Contains(m.Id) && m.LockedBy == token && m.DispatchedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.LockedBy, (Guid?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);
            break;
        }
    }

    private async Task MarkFailedAsync(PortalDbContext db, Guid token, OutboxMessage message, Exception ex)
    {
        var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(message.Attempts, 6))));
        logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed (attempt {Attempt}); retry in {Backoff}.",
            message.MessageId, message.MessageType, message.Attempts, backoff);
        var error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
        // Guarded by the token: if our lease ran out and another dispatcher took the row, its lease
        // is not ours to move.
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.LockedBy == token && m.DispatchedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.LockedBy, (Guid?)null)
                .SetProperty(m => m.LockedUntil, clock.GetUtcNow() + backoff), CancellationToken.None);
    }

    /// <summary>
    /// Every third of the lease, pushes the lease of the rows still carrying our token (unsent, not
    /// failed) a full lease ahead. Its own scope: a DbContext serves one operation at a time. Rows
    /// whose lease already ran out are left alone: they may be another replica's by now.
    /// </summary>
    private async Task KeepLeaseAsync(Guid token, CancellationToken stop)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            while (true)
            {
                await Task.Delay(_options.Lease / 3, clock, stop);
                var now = clock.GetUtcNow();
                await db.OutboxMessages.Where(m => m.LockedBy == token && m.DispatchedAt == null && m.LockedUntil >= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, now + _options.Lease), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The batch is done.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew the outbox lease; rows may be sent again by another dispatcher.");
        }
    }

    /// <summary>Stamps up to one batch of due rows with the token and lease; counts each claim as an attempt.</summary>
    private Task<int> ClaimAsync(PortalDbContext db, Guid token, DateTimeOffset now, DateTimeOffset leaseUntil,
        CancellationToken cancellationToken)
    {
        var batch = _options.BatchSize;
        if (db.Database.IsNpgsql())
        {
            return db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE outbox_messages SET "LockedBy" = {token}, "LockedUntil" = {leaseUntil}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM outbox_messages
                    WHERE "DispatchedAt" IS NULL AND ("LockedUntil" IS NULL OR "LockedUntil" < {now})
                    ORDER BY "Id"
                    LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
        }

        // SQLite: one writer at a time, so the guarded UPDATE cannot interleave with another claim.
        var due = db.OutboxMessages
            .Where(m => m.DispatchedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(batch);
        return db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.DispatchedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockedBy, token)
                .SetProperty(m => m.LockedUntil, leaseUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
    }

    private DateTimeOffset _lastPurge;

    /// <summary>Dispatched rows are kept a week for diagnosis, then deleted.</summary>
    private async Task PurgeOldAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _lastPurge < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastPurge = now;
        var cutoff = now - TimeSpan.FromDays(7);
        await db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
