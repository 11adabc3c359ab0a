using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Inbox;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Privacy;
using FeedbackPortal.Infrastructure.Reconciliation;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Statistics;
using FeedbackPortal.Infrastructure.Telemetry;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.Infrastructure.Messaging;

public enum MessagingTransport
{
    InMemory = 1,
    RabbitMq,
}

public enum QueueType
{
    Classic = 1,
    Quorum,
}

/// <summary>The messaging settings, parsed and validated once at start-up.</summary>
public sealed record MessagingSettings(MessagingTransport Transport, QueueType QueueType, Uri? RabbitUri, TimeSpan TopologyRefresh)
{
    public static MessagingSettings From(IConfiguration configuration)
    {
        var transport = PortalConfigurationException.ParseChoice("Messaging:Transport", configuration["Messaging:Transport"], MessagingTransport.InMemory);
        var queueType = PortalConfigurationException.ParseChoice("Messaging:QueueType", configuration["Messaging:QueueType"], QueueType.Classic);
        var rabbit = configuration.GetConnectionString("RabbitMq");
        if (transport == MessagingTransport.RabbitMq && !Uri.TryCreate(rabbit, UriKind.Absolute, out _))
        {
            throw new PortalConfigurationException("Messaging:Transport is RabbitMq but ConnectionStrings:RabbitMq is not set to an amqp:// URI.");
        }

        var refresh = TimeSpan.TryParse(configuration["Messaging:TopologyRefresh"], System.Globalization.CultureInfo.InvariantCulture, out var r) && r > TimeSpan.Zero
            ? r
            : TimeSpan.FromSeconds(30);
        return new MessagingSettings(transport, queueType, transport == MessagingTransport.RabbitMq ? new Uri(rabbit!) : null, refresh);
    }
}

public static class MessagingRegistration
{
    public static MessagingTransport Transport(IConfiguration configuration) =>
        PortalConfigurationException.ParseChoice("Messaging:Transport", configuration["Messaging:Transport"], MessagingTransport.InMemory);

    /// <summary>
    /// The bus, its consumers and the outbox dispatcher: the "workers". Hosts that only serve
    /// requests skip this entirely and just write outbox rows. Agency queues are not configured here:
    /// the registry is in the database, so <see cref="AgencyQueues"/> declares them once the bus runs.
    /// </summary>
    public static IServiceCollection AddPortalWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = MessagingSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<AgencyQueues>();
        services.AddSingleton<InMemoryDeliveries>();
        services.AddHostedService<OperationalGauges>();

        services.AddMassTransit(x =>
        {
            // MassTransit 8.4+ reports usage to an outside host after start; a government portal
            // sends nothing out of its network, and closed networks would log a failure each start.
            x.DisableUsageTelemetry();
            x.AddConsumer<RouteSubmissionConsumer>();
            x.AddConsumer<AgencyInboxConsumer>();
            x.AddConsumer<IndexSubmissionConsumer>();
            x.AddConsumer<NotificationConsumer>();

            if (settings.Transport == MessagingTransport.InMemory)
            {
                x.UsingInMemory((context, cfg) => ConfigureEndpoints(context, cfg, settings));
            }
            else
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(settings.RabbitUri!, h =>
                    {
                        // The default, stated: a send completes only once the broker confirmed it,
                        // and only then does the outbox mark its row dispatched.
                        h.PublisherConfirmation = true;
                    });
                    ConfigureEndpoints(context, cfg, settings);
                });
            }
        });

        services.AddHostedService<AgencyQueueReconciler>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddDeadlineMonitor();
        services.AddStageReconciler(configuration);
        services.AddSingleton<IdempotencyKeyCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeyCleanup>());
        services.AddPersonalDataRetention(configuration);
        services.AddMonthlyReportJob(configuration);
        return services;
    }

    /// <summary>
    /// Settings every portal queue gets, wherever it is declared: durable (MassTransit's default),
    /// quorum when asked, retries with back-off, then the queue's _error queue.
    /// </summary>
    public static void ConfigureQueue(IReceiveEndpointConfigurator e, MessagingSettings settings, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(services);
        if (settings.Transport == MessagingTransport.InMemory)
        {
            // Outside the retries: reports to the outbox when the consumers are done with a message.
            e.UseFilter(new InMemoryConsumedFilter(services.GetRequiredService<InMemoryDeliveries>(), e.InputAddress.AbsolutePath.Trim('/')));
        }

        e.UseFilter(new TrackingCodeConsumeFilter(services.GetRequiredService<ILoggerFactory>().CreateLogger("FeedbackPortal.Messaging")));

        if (settings.QueueType == QueueType.Quorum && e is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
        }

        // Transient failures (database busy, index down) retry with back-off, then the message
        // moves to the queue's _error queue for an operator to see and replay.
        e.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400)));
    }

    private static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator cfg, MessagingSettings settings)
    {
        Topology.ConfigureMessageNames(cfg);

        void Endpoint(string queue, Action<IReceiveEndpointConfigurator> consumers) =>
            cfg.ReceiveEndpoint(queue, e =>
            {
                ConfigureQueue(e, settings, context);
                e.ConfigureConsumeTopology = true;
                consumers(e);
            });

        Endpoint(Topology.RoutingQueue, e => e.ConfigureConsumer<RouteSubmissionConsumer>(context));
        Endpoint(Topology.IndexingQueue, e => e.ConfigureConsumer<IndexSubmissionConsumer>(context));
        Endpoint(Topology.NotificationsQueue, e => e.ConfigureConsumer<NotificationConsumer>(context));
    }
}
