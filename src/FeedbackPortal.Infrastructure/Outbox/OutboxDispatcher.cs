using System.Text.Json;
using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Persistence;
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
/// A crashed dispatcher's lease simply expires. A row is marked dispatched only after the broker
/// confirmed it, so delivery is at-least-once and consumers are idempotent.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly Dictionary<string, Type> ContractTypes = typeof(SubmissionReceived).Assembly
        .GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == typeof(SubmissionReceived).Namespace)
        .ToDictionary(t => t.Name);

    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

    /// <summary>Claims and sends one batch; returns how many rows were claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        // A token per claim (not per process, not the lease timestamp): the re-select below finds
        // exactly the rows this UPDATE stamped, whatever the column's timestamp precision.
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

        var leaseUntil = now + _options.Lease;
        for (var i = 0; i < claimed.Count; i++)
        {
            var message = claimed[i];
            if (clock.GetUtcNow() > leaseUntil - _options.Lease / 2)
            {
                // Sending is slower than expected (first publish declares exchanges, a slow broker):
                // renew the lease before it runs out, or another replica would send these rows too.
                (token, leaseUntil, var stillOurs) = await RenewLeaseAsync(db, token, cancellationToken);
                if (!stillOurs.Contains(message.Id))
                {
                    continue;
                }
            }

            try
            {
                await SendAsync(message, cancellationToken);
                await db.OutboxMessages.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.DispatchedAt, clock.GetUtcNow())
                        .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(message.Attempts, 6))));
                logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed (attempt {Attempt}); retry in {Backoff}.",
                    message.MessageId, message.MessageType, message.Attempts, backoff);
                var error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                // Guarded by the token: if our lease ran out and another dispatcher took the row,
                // its lease is not ours to move.
                await db.OutboxMessages.Where(m => m.Id == message.Id && m.LockedBy == token && m.DispatchedAt == null)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.LockedUntil, clock.GetUtcNow() + backoff), CancellationToken.None);
                // The broker is probably down: hand the rest of the batch back at once instead of
                // holding it for a full lease, and let the next pass retry.
                var rest = claimed.Skip(i + 1).Select(m => m.Id).ToList();
                await db.OutboxMessages.Where(m => rest.Contains(m.Id) && m.LockedBy == token && m.DispatchedAt == null)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                        .SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);
                break;
            }
        }

        await PurgeOldAsync(db, now, cancellationToken);
        return claimed.Count;
    }

    /// <summary>
    /// Extends the lease of the rows still ours under a fresh token (so the re-select never compares
    /// timestamps); returns the token, the new lease and the rows it covers.
    /// </summary>
    private async Task<(Guid Token, DateTimeOffset LeaseUntil, HashSet<long> Ids)> RenewLeaseAsync(PortalDbContext db, Guid token,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + _options.Lease;
        var renewed = Guid.NewGuid();
        // Only rows whose lease has not run out: an expired row may already be another replica's.
        await db.OutboxMessages.Where(m => m.LockedBy == token && m.DispatchedAt == null && m.LockedUntil >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, renewed).SetProperty(m => m.LockedUntil, leaseUntil), cancellationToken);
        var ids = await db.OutboxMessages.Where(m => m.LockedBy == renewed).Select(m => m.Id).ToListAsync(cancellationToken);
        return (renewed, leaseUntil, ids.ToHashSet());
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

    private async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!ContractTypes.TryGetValue(message.MessageType, out var type))
        {
            throw new InvalidOperationException($"Unknown outbox message type '{message.MessageType}'.");
        }

        var payload = JsonSerializer.Deserialize(message.Payload, type, OutboxJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty payload.");

        if (message.Destination is null)
        {
            await bus.Publish(payload, type, ctx => ctx.MessageId = message.MessageId, cancellationToken);
        }
        else
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{message.Destination}"));
            await endpoint.Send(payload, type, ctx => ctx.MessageId = message.MessageId, cancellationToken);
        }
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
