using FeedbackPortal.IntegrationTests.Cases;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>MassTransit 8.4+ reports usage to an outside host after start unless told not to.</summary>
public sealed class UsageTelemetryTests(StaffHost host) : IClassFixture<StaffHost>
{
    [Fact]
    public void The_bus_reports_no_usage_telemetry()
    {
        var options = host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;
        Assert.False(options.Enabled);
    }
}
