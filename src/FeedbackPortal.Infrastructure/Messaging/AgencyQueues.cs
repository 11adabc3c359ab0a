using System.Diagnostics.Metrics;
using FeedbackPortal.Infrastructure.Inbox;
using FeedbackPortal.Infrastructure.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace FeedbackPortal.Infrastructure.Messaging;

/// <summary>
/// Keeps one durable queue agency.&lt;code&gt; per agency of the registry (the database), declared
/// whether or not the portal consumes it: portal-consumed agencies get a receive endpoint connected at
/// run time; external-consumer agencies get the queue (and its exchange and binding) declared with
/// exactly the same arguments, and wait for their own system. Agencies added or re-flagged later are
/// picked up by <see cref="ReconcileAsync"/>, which the reconciler runs periodically, staff edits
/// trigger, and the outbox dispatcher calls before the first message to an agency it has not seen.
/// </summary>
public sealed partial class AgencyQueues(
    IServiceScopeFactory scopes,
    IReceiveEndpointConnector connector,
    IBus bus,
    MessagingSettings settings,
    TimeProvider clock,
    IMeterFactory meters,
    ILogger<AgencyQueues> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, HostReceiveEndpointHandle> _consumed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Agencies whose queue exists (declared by this process).</summary>
    public bool IsDeclared(string agencyCode)
    {
        lock (_declared)
        {
            return _declared.Contains(agencyCode);
        }
    }

    /// <summary>Agencies whose queue this process consumes with the portal's inbox.</summary>
    public IReadOnlyCollection<string> Consumed
    {
        get
        {
            lock (_declared)
            {
                return [.. _consumed.Keys];
            }
        }
    }

    /// <summary>Ask for a reconciliation soon (after a coordinator changed the registry).</summary>
    public void Signal()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    internal Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    /// <summary>Brings the broker in line with the registry; returns how many queues it newly declared.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        List<(string Code, bool External)> agencies;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            agencies = (await db.Agencies.AsNoTracking().Select(a => new { a.Code, a.ExternalConsumer }).ToListAsync(ct))
                .Select(a => (a.Code, a.ExternalConsumer)).ToList();
        }

        await _lock.WaitAsync(ct);
        try
        {
            var added = 0;
            var toDeclare = new List<string>();
            foreach (var (code, external) in agencies)
            {
                var queue = Topology.AgencyQueue(code);
                var consumed = _consumed.ContainsKey(code);
                if (!external && !consumed)
                {
                    // Not awaiting Ready: with the broker down the endpoint connects when it returns, and
                    // until then the outbox's mandatory sends fail and retry, so nothing is lost.
                    var handle = Connect(queue);
                    lock (_declared)
                    {
                        _consumed[code] = handle;
                        added += _declared.Add(code) ? 1 : 0;
                    }
                }
                else if (external && consumed)
                {
                    // Now the agency's own system consumes: the portal lets go (the queue stays).
                    HostReceiveEndpointHandle handle;
                    lock (_declared)
                    {
                        handle = _consumed[code];
                        _consumed.Remove(code);
                        _declared.Remove(code);
                    }

                    await handle.StopAsync(ct);
                }

                if (external && !IsDeclared(code))
                {
                    toDeclare.Add(queue);
                }
            }

            await DeclareAsync(toDeclare, ct);
            lock (_declared)
            {
                foreach (var queue in toDeclare)
                {
                    added += _declared.Add(Topology.AgencyOfQueue(queue)!) ? 1 : 0;
                }
            }

            if (added > 0)
            {
                logger.LogInformation("Agency queues: {Added} declared, {Consumed} consumed by the portal inbox, {Total} in the registry.",
                    added, _consumed.Count, agencies.Count);
            }

            return added;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The portal inbox's receive endpoint for an agency queue, connected to the running bus.</summary>
    private HostReceiveEndpointHandle Connect(string queue) =>
        connector.ConnectReceiveEndpoint(queue, (context, e) =>
        {
            MessagingRegistration.ConfigureQueue(e, settings, context);
            // Agency queues receive by direct send only; no exchange-to-exchange fan-out.
            e.ConfigureConsumeTopology = false;
            e.ConfigureConsumer<AgencyInboxConsumer>(context);
        });

    /// <summary>Queue, exchange and binding for queues nobody in this process consumes.</summary>
    private async Task DeclareAsync(IReadOnlyList<string> queues, CancellationToken ct)
    {
        if (queues.Count == 0)
        {
            return;
        }

        if (settings.Transport == MessagingTransport.InMemory)
        {
            // The in-memory transport creates the queue, its exchange and binding for a send endpoint;
            // messages then wait in it like in a broker queue (for as long as the process lives).
            foreach (var queue in queues)
            {
                await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            }

            return;
        }

        var factory = new ConnectionFactory { Uri = settings.RabbitUri!, ClientProvidedName = "feedbackportal-topology" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        foreach (var queue in queues)
        {
            // Same as a MassTransit receive endpoint declares them (see MessagingRegistration.ConfigureQueue).
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: Topology.QueueArguments(settings.QueueType), cancellationToken: ct);
            await channel.QueueBindAsync(queue, queue, routingKey: "", cancellationToken: ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        _lock.Dispose();
        _wake.Dispose();
    }
}
