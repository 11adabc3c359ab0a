using System.Net;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>The embedded portal with Portal:InProcessWorkers=false; remembers what was registered.</summary>
public sealed class WebOnlyPortalHost() : PortalHost(new PortalHostOptions { Settings = { ["Portal:InProcessWorkers"] = "false" } })
{
    public IReadOnlyList<ServiceDescriptor> Registrations { get; private set; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => Registrations = [.. services]);
    }
}

public sealed class WebOnlyHostTests(WebOnlyPortalHost host) : IClassFixture<WebOnlyPortalHost>
{
    [Fact]
    public void Without_in_process_workers_nothing_of_MassTransit_nor_the_dispatcher_is_registered()
    {
        Assert.NotEmpty(host.Registrations);
        Assert.DoesNotContain(host.Registrations, d =>
            (d.ServiceType.Assembly.GetName().Name ?? "").StartsWith("MassTransit", StringComparison.Ordinal)
            || ((d.IsKeyedService ? d.KeyedImplementationType : d.ImplementationType)?.Assembly.GetName().Name ?? "").StartsWith("MassTransit", StringComparison.Ordinal));
        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.DoesNotContain(typeof(OutboxDispatcher), hosted);
        Assert.DoesNotContain(hosted, t => t.Assembly.GetName().Name!.StartsWith("MassTransit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_in_process_workers_a_submission_is_stored_with_its_outbox_rows_and_waits_for_a_worker()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback());

        await Task.Delay(1500);
        Assert.Equal("received", (await client.StatusAsync(code)).GetProperty("status").GetString());
        var waiting = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().OutboxMessages.CountAsync(m => m.DispatchedAt == null));
        Assert.True(waiting > 0);

        // Ready without a bus: no masstransit check, and the backlog is visible on the outbox check.
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.DoesNotContain(checks.EnumerateObject(), c => c.Value.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "masstransit"));
        var outbox = checks.GetProperty("outbox").GetProperty("data");
        Assert.True(int.Parse(outbox.GetProperty("undispatched").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= waiting);
    }
}
