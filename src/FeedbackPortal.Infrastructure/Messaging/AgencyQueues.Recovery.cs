using System.Diagnostics;
using System.Diagnostics.Metrics;
using FeedbackPortal.Infrastructure.Persistence;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FeedbackPortal.Infrastructure.Messaging;

/// <summary>
/// Consumer recovery after a broker outage. MassTransit restarts the receive endpoints it owns when
/// the broker returns, but an endpoint connected at run time (IReceiveEndpointConnector, as every
/// agency queue is) has been seen to come back with no consumer on the broker while MassTransit
/// still reported it started — and a queue without a consumer strands every case routed to it. So
/// the broker itself is asked: a queue this process consumes that shows 0 consumers on two checks a
/// grace period apart gets its endpoint stopped and connected again. That is idempotent (the queue
/// and its messages stay; the new endpoint just consumes them), logged, and counted (metric
/// feedbackportal.messaging.endpoints_reconnected). The grace period lets MassTransit's own
/// recovery finish first; on a healthy system the check never reconnects anything.
/// </summary>
public sealed partial class AgencyQueues
{
    public const string ReconnectedCounterName = "feedbackportal.messaging.endpoints_reconnected";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, DateTimeOffset> _withoutConsumerSince = new(StringComparer.Ordinal);
    private IConnection? _probe;
    private Counter<long>? _reconnected;

    /// <summary>Reconnects the agency endpoints the broker shows without a consumer for longer than the grace period.</summary>
    /// <returns>How many endpoints it reconnected.</returns>
    public async Task<int> RecoverConsumersAsync(CancellationToken ct)
    {
        if (settings.Transport != MessagingTransport.RabbitMq)
        {
            return 0; // In memory, an endpoint lives exactly as long as the process.
        }

        await _lock.WaitAsync(ct);
        try
        {
            var counts = await ConsumerCountsAsync([.. _consumed.Keys.Select(Topology.AgencyQueue)], ct);
            var now = clock.GetUtcNow();
            var reconnected = 0;
            foreach (var (queue, consumers) in counts)
            {
                var code = Topology.AgencyOfQueue(queue)!;
                // An endpoint still starting (just connected, or waiting for the broker since start) is not judged yet.
                if (consumers > 0 || !_consumed[code].Ready.IsCompleted)
                {
                    _withoutConsumerSince.Remove(code);
                    continue;
                }

                if (!_withoutConsumerSince.TryGetValue(code, out var since))
                {
                    _withoutConsumerSince[code] = now;
                    continue;
                }

                if (now - since >= settings.ConsumerCheck * 2 && await ReconnectAsync(code, queue, now - since, ct))
                {
                    _withoutConsumerSince.Remove(code);
                    reconnected++;
                }
            }

            return reconnected;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<bool> ReconnectAsync(string code, string queue, TimeSpan without, CancellationToken ct)
    {
        logger.LogWarning("Agency queue {Queue} has had no consumer on the broker for {Seconds:0} s although this worker consumes it; reconnecting its endpoint.",
            queue, without.TotalSeconds);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stop.CancelAfter(StopTimeout);
            await _consumed[code].StopAsync(stop.Token);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Stopping the endpoint of {Queue} failed; connecting a new one anyway.", queue);
        }

        try
        {
            var handle = Connect(queue);
            lock (_declared)
            {
                _consumed[code] = handle;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // E.g. the old endpoint is still registered: the next check tries again.
            logger.LogWarning(ex, "Reconnecting the endpoint of {Queue} failed; retrying at the next check.", queue);
            return false;
        }

        _reconnected ??= meters.Create(Telemetry.PortalTelemetry.Name).CreateCounter<long>(ReconnectedCounterName, unit: "{endpoint}",
            description: "Agency receive endpoints reconnected because the broker showed no consumer on their queue.");
        _reconnected.Add(1, new KeyValuePair<string, object?>("queue", queue));
        return true;
    }

    /// <summary>Consumers per queue as the broker counts them (a passive declare); a missing queue counts 0.</summary>
    private async Task<List<(string Queue, uint Consumers)>> ConsumerCountsAsync(IReadOnlyList<string> queues, CancellationToken ct)
    {
        var counts = new List<(string, uint)>(queues.Count);
        if (queues.Count == 0)
        {
            return counts;
        }

        if (_probe is not { IsOpen: true })
        {
            if (_probe is not null)
            {
                await _probe.DisposeAsync();
            }

            _probe = null;
            var factory = new ConnectionFactory
            {
                Uri = settings.RabbitUri!,
                ClientProvidedName = "feedbackportal-consumer-check",
                AutomaticRecoveryEnabled = false, // a closed probe connection is simply replaced at the next check
            };
            _probe = await factory.CreateConnectionAsync(ct);
        }

        var channel = await _probe.CreateChannelAsync(cancellationToken: ct);
        try
        {
            foreach (var queue in queues)
            {
                try
                {
                    var ok = await channel.QueueDeclarePassiveAsync(queue, ct);
                    counts.Add((queue, ok.ConsumerCount));
                }
                catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
                {
                    counts.Add((queue, 0));
                    await channel.DisposeAsync(); // the broker closed the channel with the 404
                    channel = await _probe.CreateChannelAsync(cancellationToken: ct);
                }
            }
        }
        finally
        {
            await channel.DisposeAsync();
        }

        return counts;
    }
}

/// <summary>
/// Declares the agency queues once the bus runs, keeps them in line with the registry (every
/// Messaging:TopologyRefresh or when signalled), and on RabbitMQ checks every Messaging:ConsumerCheck
/// that each agency queue this process consumes still has a consumer on the broker.
/// </summary>
internal sealed class AgencyQueueReconciler(AgencyQueues queues, PortalReadiness readiness, MessagingSettings settings,
    ILogger<AgencyQueueReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinceReconcile = Stopwatch.StartNew();
        var reconcile = true;
        var rabbit = settings.Transport == MessagingTransport.RabbitMq;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (readiness.DatabaseReady && (reconcile || sinceReconcile.Elapsed >= settings.TopologyRefresh))
                {
                    await queues.ReconcileAsync(stoppingToken);
                    sinceReconcile.Restart();
                }

                if (readiness.DatabaseReady)
                {
                    await queues.RecoverConsumersAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException)
            {
                logger.LogInformation("Agency queues: the broker is not reachable ({Message}); retrying.", ex.Message);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Declaring or checking agency queues failed; retrying.");
            }

            var wait = !readiness.DatabaseReady ? TimeSpan.FromMilliseconds(200)
                : rabbit && settings.ConsumerCheck < settings.TopologyRefresh ? settings.ConsumerCheck
                : settings.TopologyRefresh;
            try
            {
                reconcile = await queues.WaitForSignalAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
