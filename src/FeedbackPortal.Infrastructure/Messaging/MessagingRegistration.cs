using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Inbox;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Sla;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

public static class MessagingRegistration
{
    public static MessagingTransport Transport(IConfiguration configuration) =>
        PortalConfigurationException.ParseChoice("Messaging:Transport", configuration["Messaging:Transport"], MessagingTransport.InMemory);

    /// <summary>
    /// The bus, its consumers and the outbox dispatcher: the "workers". Hosts that only serve
    /// requests skip this entirely and just write outbox rows.
    /// </summary>
    public static IServiceCollection AddPortalWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        var transport = Transport(configuration);
        var queueType = PortalConfigurationException.ParseChoice("Messaging:QueueType", configuration["Messaging:QueueType"], QueueType.Classic);
        var rabbitUri = configuration.GetConnectionString("RabbitMq");
        if (transport == MessagingTransport.RabbitMq && string.IsNullOrWhiteSpace(rabbitUri))
        {
            throw new PortalConfigurationException("Messaging:Transport is RabbitMq but ConnectionStrings:RabbitMq is not set.");
        }

        var external = configuration.GetSection("Routing:ExternalAgencies").Get<string[]>() ?? [];
        var inboxAgencies = ReferenceCatalog.Load().Agencies.Select(a => a.Code)
            .Where(code => !external.Contains(code, StringComparer.Ordinal)).ToList();

        services.AddMassTransit(x =>
        {
            x.AddConsumer<RouteSubmissionConsumer>();
            x.AddConsumer<AgencyInboxConsumer>();
            x.AddConsumer<IndexSubmissionConsumer>();
            x.AddConsumer<NotificationConsumer>();

            if (transport == MessagingTransport.InMemory)
            {
                x.UsingInMemory((context, cfg) => ConfigureEndpoints(context, cfg, inboxAgencies, _ => { }));
            }
            else
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbitUri!));
                    ConfigureEndpoints(context, cfg, inboxAgencies, e =>
                    {
                        if (queueType == QueueType.Quorum && e is IRabbitMqReceiveEndpointConfigurator rabbit)
                        {
                            rabbit.SetQuorumQueue();
                        }
                    });
                });
            }
        });

        services.AddHostedService<OutboxDispatcher>();
        services.AddDeadlineMonitor();
        return services;
    }

    private static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator cfg,
        IEnumerable<string> inboxAgencies, Action<IReceiveEndpointConfigurator> queueOptions)
    {
        Topology.ConfigureMessageNames(cfg);

        void Endpoint(string queue, Action<IReceiveEndpointConfigurator> consumers) =>
            cfg.ReceiveEndpoint(queue, e =>
            {
                queueOptions(e);
                // Transient failures (database busy, index down) retry with back-off, then the
                // message moves to the queue's _error queue for an operator to replay.
                e.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400)));
                e.ConfigureConsumeTopology = true;
                consumers(e);
            });

        Endpoint(Topology.RoutingQueue, e => e.ConfigureConsumer<RouteSubmissionConsumer>(context));
        Endpoint(Topology.IndexingQueue, e => e.ConfigureConsumer<IndexSubmissionConsumer>(context));
        Endpoint(Topology.NotificationsQueue, e => e.ConfigureConsumer<NotificationConsumer>(context));
        foreach (var agency in inboxAgencies)
        {
            Endpoint(Topology.AgencyQueue(agency), e =>
            {
                // Agency queues receive by direct send only; no exchange-to-exchange fan-out.
                e.ConfigureConsumeTopology = false;
                e.ConfigureConsumer<AgencyInboxConsumer>(context);
            });
        }
    }
}
