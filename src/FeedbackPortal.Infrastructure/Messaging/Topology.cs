using FeedbackPortal.Contracts;
using MassTransit;

namespace FeedbackPortal.Infrastructure.Messaging;

/// <summary>
/// Every exchange, queue and routing key of the portal, in one place. Published contracts fan out
/// through one exchange each; routed cases are sent straight to the agency's own queue.
/// <code>
/// exchange feedbackportal.submission-received (fanout) ─▶ queue portal.routing, queue portal.indexing
/// exchange feedbackportal.submission-changed  (fanout) ─▶ queue portal.indexing
/// send ─▶ exchange/queue agency.&lt;code&gt;   (SubmissionRouted; one durable queue per agency)
/// send ─▶ exchange/queue portal.notifications (NotificationRequested)
/// each queue q has its error queue q_error (MassTransit moves a message there after retries)
/// </code>
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
