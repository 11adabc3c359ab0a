using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;

namespace FeedbackPortal.IntegrationTests.Routing;

/// <summary>A portal whose RabbitMQ connection goes through a proxy the test can close and reopen.</summary>
public sealed class ProxiedRabbitHost : PortalHost
{
    public ProxiedRabbitHost() : base(new PortalHostOptions { RabbitMq = true, Settings = RoutingSettings.With() })
    {
        var broker = new Uri(TestEnvironment.RabbitMq);
        Broker = new TcpForwarder(broker.Host, broker.IsDefaultPort ? 5672 : broker.Port);
        Broker.Open();
    }

    public TcpForwarder Broker { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var proxied = new UriBuilder(Rabbit!.AmqpUri) { Host = "127.0.0.1", Port = Broker.Port };
        builder.UseSetting("ConnectionStrings:RabbitMq", proxied.Uri.ToString());
    }
}

public sealed class BrokerOutageTests(ProxiedRabbitHost host) : IClassFixture<ProxiedRabbitHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Submissions_made_while_RabbitMQ_is_down_are_all_delivered_when_it_returns()
    {
        var before = await _client.SubmitAsync(PortalApi.Feedback(field: "the-che-chinh-sach"));
        await _client.WaitForStatusAsync(before, "delivered");

        host.Broker.Close();
        try
        {
            // The request path never touches the broker: every submission is acknowledged.
            var codes = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                codes.Add(await _client.SubmitAsync(PortalApi.Feedback(title: $"Phản ánh số {i} khi mất kết nối", field: i % 2 == 0 ? "du-lieu" : "khac")));
            }

            await Task.Delay(TimeSpan.FromSeconds(3)); // an observation window: nothing may move while the broker is away
            foreach (var code in codes)
            {
                Assert.Equal("received", (await _client.StatusAsync(code)).GetProperty("status").GetString());
            }

            host.Broker.Open();
            try
            {
                foreach (var code in codes)
                {
                    await _client.WaitForStatusAsync(code, "delivered", Patience.Startup);
                }
            }
            catch (TimeoutException ex)
            {
                var outbox = await host.InScopeAsync(async sp => await sp.GetRequiredService<PortalDbContext>().OutboxMessages.AsNoTracking()
                    .Where(m => m.DispatchedAt == null).Select(m => $"{m.Id} {m.MessageType} {m.Destination} attempts={m.Attempts} {m.LastError}").ToListAsync());
                throw new TimeoutException(ex.Message + "\nUndispatched outbox rows:\n" + string.Join("\n", outbox), ex);
            }
        }
        finally
        {
            if (!host.Broker.IsOpen)
            {
                host.Broker.Open();
            }
        }
    }
}
