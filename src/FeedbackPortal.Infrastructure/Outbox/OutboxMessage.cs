using System.Text.Json;
using FeedbackPortal.Infrastructure.Telemetry;

namespace FeedbackPortal.Infrastructure.Outbox;

/// <summary>
/// A message written in the same transaction as the state change it announces; the dispatcher
/// publishes it later, so the request path never waits on the broker.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        MessageType = string.Empty;
        Payload = string.Empty;
    }

    public long Id { get; private set; }
    public Guid MessageId { get; private set; }

    /// <summary>Contract type name, e.g. "SubmissionReceived".</summary>
    public string MessageType { get; private set; }

    /// <summary>Null to publish (fan out by type); a queue name to send to one queue.</summary>
    public string? Destination { get; private set; }

    public string Payload { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DispatchedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Lease: a dispatcher instance owns the row until then, so replicas never double-send.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }
    public Guid? LockedBy { get; private set; }

    /// <summary>
    /// The W3C traceparent of the span that wrote the row (the intake request, a consumer). The
    /// dispatcher publishes under it, so the case's trace goes on after the request ended, and after
    /// a restart.
    /// </summary>
    public string? TraceParent { get; private set; }

    public static OutboxMessage Publish<T>(T message, DateTimeOffset at) where T : class =>
        Create(message, null, at);

    public static OutboxMessage Send<T>(T message, string queue, DateTimeOffset at) where T : class =>
        Create(message, queue, at);

    private static OutboxMessage Create<T>(T message, string? destination, DateTimeOffset at) where T : class => new()
    {
        MessageId = Guid.CreateVersion7(at),
        MessageType = typeof(T).Name,
        Destination = destination,
        Payload = JsonSerializer.Serialize(message, OutboxJson.Options),
        CreatedAt = at,
        TraceParent = PortalTelemetry.CurrentTraceParent(),
    };
}

internal static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
