using FeedbackPortal.Contracts;
using MassTransit;

namespace FeedbackPortal.Infrastructure.Messaging;

/// <summary>
/// Every exchange, queue and routing key of the portal, in one place. Published contracts fan out
/// through one exchange each; routed cases are sent straight to the agency's own queue.
/// <code>
/// exchange feedbackportal.submission-received (fanout) ─▶ queue portal.routing, queue portal.indexing
/// exchange feedbackportal.submission-changed  (fanout) ─▶ queue portal.indexing
/// send ─▶ exchange agency.&lt;code&gt; (fanout) ─▶ queue agency.&lt;code&gt;   (SubmissionRouted; one durable queue per agency)
/// send ─▶ exchange portal.notifications (fanout) ─▶ queue portal.notifications (NotificationRequested)
/// each queue q has its error queue q_error (MassTransit moves a message there after retries)
/// </code>
/// On RabbitMQ the portal sends to the exchange named after the queue (never declaring the queue from
/// the sending side, so a quorum queue is never redeclared as classic: PRECONDITION_FAILED), with the
/// mandatory flag, so a message nothing is bound to yet fails and the outbox retries it.
/// docs/messaging.md describes all of it.
/// </summary>
public static class Topology
{
    public const string SubmissionReceivedExchange = "feedbackportal.submission-received";
    public const string SubmissionChangedExchange = "feedbackportal.submission-changed";
    public const string SubmissionRoutedExchange = "feedbackportal.submission-routed";
    public const string NotificationRequestedExchange = "feedbackportal.notification-requested";

    public const string RoutingQueue = "portal.routing";
    public const string IndexingQueue = "portal.indexing";
    public const string NotificationsQueue = "portal.notifications";

    public const string AgencyQueuePrefix = "agency.";
    public const string ErrorQueueSuffix = "_error";

    public static string AgencyQueue(string agencyCode) => AgencyQueuePrefix + agencyCode;

    /// <summary>The agency of an agency queue name, or null for any other queue.</summary>
    public static string? AgencyOfQueue(string queue) =>
        queue.StartsWith(AgencyQueuePrefix, StringComparison.Ordinal) ? queue[AgencyQueuePrefix.Length..] : null;

    /// <summary>The portal's own queues (agency queues come from the registry).</summary>
    public static readonly IReadOnlyList<string> PortalQueues = [RoutingQueue, IndexingQueue, NotificationsQueue];

    /// <summary>
    /// The portal's queues a published contract reaches (the consume topology of
    /// MessagingRegistration's endpoints). The in-memory transport's outbox waits for exactly these
    /// consumers before it counts a published message as dispatched (see InMemoryDeliveries).
    /// </summary>
    public static IReadOnlyList<string> PublishedTo(string contractName) => contractName switch
    {
        nameof(SubmissionReceived) => [RoutingQueue, IndexingQueue],
        nameof(SubmissionChanged) => [IndexingQueue],
        _ => throw new InvalidOperationException($"No portal queue consumes published {contractName} messages."),
    };

    public const string QueueTypeArgument = "x-queue-type";

    /// <summary>
    /// Arguments of every queue the portal declares. Must be identical wherever a queue is declared
    /// (receive endpoint, registry declaration, agency systems), or RabbitMQ answers PRECONDITION_FAILED.
    /// </summary>
    public static IDictionary<string, object?> QueueArguments(QueueType queueType) =>
        queueType == QueueType.Quorum
            ? new Dictionary<string, object?> { [QueueTypeArgument] = "quorum" }
            : new Dictionary<string, object?>();

    /// <summary>Where the outbox sends a message for a queue: see the class remarks.</summary>
    public static Uri SendAddress(string queue, MessagingTransport transport) =>
        new(transport == MessagingTransport.RabbitMq ? $"exchange:{queue}" : $"queue:{queue}");

    public static string ErrorQueue(string queue) => queue + ErrorQueueSuffix;

    /// <summary>Stable exchange names instead of MassTransit's CLR-type-derived ones, so agencies can bind to them.</summary>
    public static void ConfigureMessageNames(IBusFactoryConfigurator cfg)
    {
        cfg.Message<SubmissionReceived>(m => m.SetEntityName(SubmissionReceivedExchange));
        cfg.Message<SubmissionChanged>(m => m.SetEntityName(SubmissionChangedExchange));
        cfg.Message<SubmissionRouted>(m => m.SetEntityName(SubmissionRoutedExchange));
        cfg.Message<NotificationRequested>(m => m.SetEntityName(NotificationRequestedExchange));
    }
}
