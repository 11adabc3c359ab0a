using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FeedbackPortal.Infrastructure.Messaging;

public sealed record ErrorQueueCount(string Queue, string ErrorQueue, long Messages);

/// <summary>
/// Operator tooling MassTransit 8 doesn't ship: counts the messages waiting in the portal's
/// <c>&lt;queue&gt;_error</c> queues, and moves them back to <c>&lt;queue&gt;</c> once the cause is fixed.
/// Talks AMQP directly (no management plugin or extra credentials needed). A message is acknowledged
/// in the error queue only after the broker confirmed its republication, so a crash mid-way duplicates
/// at worst (consumers are idempotent) and never loses one. RabbitMQ only: the in-memory transport's
/// error queues live and die with the process.
/// </summary>
public sealed class ErrorQueueReplayer(Uri rabbitUri)
{
    /// <summary>Headers MassTransit adds when it moves a message to _error; stale once replayed.</summary>
    private static readonly string[] FaultHeaderPrefixes = ["MT-Fault-", "MT-Reason", "MT-Host-"];

    /// <summary>Messages ready in each queue's error queue; queues that never faulted have none and are skipped.</summary>
    public async Task<IReadOnlyList<ErrorQueueCount>> CountAsync(IEnumerable<string> queues, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queues);
        await using var connection = await ConnectAsync("feedbackportal-error-count", ct);
        var counts = new List<ErrorQueueCount>();
        foreach (var queue in queues)
        {
            var messages = await MessageCountAsync(connection, Topology.ErrorQueue(queue), ct);
            if (messages is { } n)
            {
                counts.Add(new ErrorQueueCount(queue, Topology.ErrorQueue(queue), n));
            }
        }

        return counts;
    }

    /// <summary>Moves the messages now in <paramref name="queue"/>_error back to the queue; returns how many.</summary>
    public async Task<int> ReplayAsync(string queue, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        var errorQueue = Topology.ErrorQueue(queue);
        await using var connection = await ConnectAsync("feedbackportal-replay", ct);
        // Only what is there now: a message failing again comes back to _error and must not loop.
        var waiting = await MessageCountAsync(connection, errorQueue, ct) ?? 0;
        if (waiting == 0)
        {
            return 0;
        }

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var moved = 0;
        while (moved < waiting)
        {
            var result = await channel.BasicGetAsync(errorQueue, autoAck: false, ct);
            if (result is null)
            {
                break;
            }

            var properties = new BasicProperties(result.BasicProperties);
            if (properties.Headers is { } headers)
            {
                foreach (var key in headers.Keys.Where(k => FaultHeaderPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
                {
                    headers.Remove(key);
                }
            }

            // MassTransit binds the exchange named after the queue to it; mandatory + confirms: the
            // publish throws unless the broker has put the message in the queue.
            await channel.BasicPublishAsync(queue, routingKey: "", mandatory: true, properties, result.Body, ct);
            await channel.BasicAckAsync(result.DeliveryTag, multiple: false, ct);
            moved++;
        }

        return moved;
    }

    private async Task<IConnection> ConnectAsync(string name, CancellationToken ct) =>
        await new ConnectionFactory { Uri = rabbitUri, ClientProvidedName = name }.CreateConnectionAsync(ct);

    /// <summary>Ready messages, or null when the queue does not exist (a passive declare closes its channel then).</summary>
    private static async Task<long?> MessageCountAsync(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue, ct);
            return ok.MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }
}
