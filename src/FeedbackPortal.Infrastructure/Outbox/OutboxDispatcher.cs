using System.Text.Json;
using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.Infrastructure.Outbox;

/// <summary>
/// Publishes outbox rows to the bus. Rows are claimed with a lease (an UPDATE guarded by the lease
/// columns), so several dispatchers in several processes never send the same row twice at once; a
/// crashed dispatcher's lease simply expires. A row is marked dispatched only after the broker
/// confirmed it, so delivery is at-least-once and consumers are idempotent.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    MessagingSettings settings,
    AgencyQueues agencyQueues,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly Dictionary<string, Type> ContractTypes = typeof(SubmissionReceived).Assembly
        .GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Namespace == typeof(SubmissionReceived).Namespace)
        .ToDictionary(t => t.Name);

    private readonly Guid _instance = Guid.NewGuid();

    public static TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A send not confirmed by then is abandoned and retried: a confirm lost with a dropped connection
    /// must not stall the outbox (a duplicate at worst; consumers are idempotent).
    /// </summary>
    public static TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public const int BatchSize = 100;

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
                    await signal.WaitAsync(PollInterval, stoppingToken);
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
        var leaseUntil = now + Lease;

        var candidates = await db.OutboxMessages
            .Where(m => m.DispatchedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        await db.OutboxMessages
            .Where(m => candidates.Contains(m.Id) && m.DispatchedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, _instance).SetProperty(m => m.LockedUntil, leaseUntil),
                cancellationToken);

        var claimed = await db.OutboxMessages.AsNoTracking()
            .Where(m => candidates.Contains(m.Id) && m.LockedBy == _instance && m.LockedUntil == leaseUntil && m.DispatchedAt == null)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);

        foreach (var message in claimed)
        {
            try
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(SendTimeout);
                    try
                    {
                        await SendAsync(message, timeout.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"The broker did not confirm the message within {SendTimeout}.");
                    }
                }

                await db.OutboxMessages.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.DispatchedAt, clock.GetUtcNow())
                        .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                        .SetProperty(m => m.Attempts, message.Attempts + 1), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(message.Attempts, 6))));
                logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed (attempt {Attempt}); retry in {Backoff}.",
                    message.MessageId, message.MessageType, message.Attempts + 1, backoff);
                var error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                await db.OutboxMessages.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Attempts, message.Attempts + 1)
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.LockedUntil, clock.GetUtcNow() + backoff), CancellationToken.None);
                // Keep order per batch simple: stop here and let the next pass retry after back-off.
                break;
            }
        }

        await PurgeOldAsync(db, now, cancellationToken);
        return claimed.Count;
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
            // An agency added since the last reconciliation gets its queue before its first message.
            if (Topology.AgencyOfQueue(message.Destination) is { } agency && !agencyQueues.IsDeclared(agency))
            {
                await agencyQueues.ReconcileAsync(cancellationToken);
            }

            var endpoint = await bus.GetSendEndpoint(Topology.SendAddress(message.Destination, settings.Transport));
            await endpoint.Send(payload, type, ctx =>
            {
                ctx.MessageId = message.MessageId;
                ctx.Durable = true;
                if (ctx.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                {
                    // Unroutable (no queue bound yet) fails the send instead of vanishing: the row stays and retries.
                    rabbit.Mandatory = true;
                }
            }, cancellationToken);
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
