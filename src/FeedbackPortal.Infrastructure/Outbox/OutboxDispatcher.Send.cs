using System.Diagnostics;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Telemetry;
using MassTransit;

namespace FeedbackPortal.Infrastructure.Outbox;

/// <summary>Sending one row: publish or send, and on the in-memory transport wait for its consumers.</summary>
public sealed partial class OutboxDispatcher
{
    private async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!ContractTypes.TryGetValue(message.MessageType, out var type))
        {
            throw new InvalidOperationException($"Unknown outbox message type '{message.MessageType}'.");
        }

        var payload = JsonSerializer.Deserialize(message.Payload, type, OutboxJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty payload.");

        // An agency added since the last reconciliation gets its queue before its first message.
        if (message.Destination is not null && Topology.AgencyOfQueue(message.Destination) is { } agency && !agencyQueues.IsDeclared(agency))
        {
            await agencyQueues.ReconcileAsync(cancellationToken);
        }

        // The row's span continues the trace of the work that wrote it (the request, a consumer), even
        // though that work ended long ago or in another process: MassTransit's send span, and through
        // the message headers every consumer, become its children.
        using var activity = PortalTelemetry.Source.StartActivity($"outbox dispatch {message.MessageType}", ActivityKind.Internal,
            PortalTelemetry.ParentFrom(message.TraceParent));
        activity?.SetTag("messaging.message.id", message.MessageId.ToString());
        activity?.SetTag("feedbackportal.outbox.attempt", message.Attempts);
        activity?.SetTag(PortalTelemetry.TrackingCodeTag, PortalTelemetry.TrackingCodeOf(payload));

        using var consumed = ExpectInMemoryConsumers(message);
        if (message.Destination is null)
        {
            await bus.Publish(payload, type, ctx => ctx.MessageId = message.MessageId, cancellationToken);
        }
        else
        {

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

        if (consumed is not null)
        {
            await consumed.Completion.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// On the in-memory transport: the queues whose consumers must finish before the row counts as
    /// dispatched. Null on RabbitMQ (the confirm suffices) and for an agency queue nobody in this
    /// process consumes (an external agency's: it waits in memory for a consumer, as on a broker).
    /// </summary>
    private InMemoryDeliveries.Expectation? ExpectInMemoryConsumers(OutboxMessage message)
    {
        if (settings.Transport != MessagingTransport.InMemory)
        {
            return null;
        }

        if (message.Destination is null)
        {
            return inMemory.Expect(message.MessageId, Topology.PublishedTo(message.MessageType));
        }

        return Topology.AgencyOfQueue(message.Destination) is { } agency && !agencyQueues.Consumed.Contains(agency)
            ? null
            : inMemory.Expect(message.MessageId, [message.Destination]);
    }
}
