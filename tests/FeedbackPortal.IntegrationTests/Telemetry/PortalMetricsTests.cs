using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Telemetry;
using FeedbackPortal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace FeedbackPortal.IntegrationTests.Telemetry;

public sealed class PortalMetricsTests(TracingPortalHost host) : IClassFixture<TracingPortalHost>
{
    [Fact]
    public async Task Intake_the_outbox_search_and_the_bus_report_their_metrics()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback());
        await client.WaitForStatusAsync(code, "delivered");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/cases?q=cong+dich+vu")).StatusCode);

        var metrics = await Eventually.UntilAsync(() =>
            {
                host.Services.GetRequiredService<MeterProvider>().ForceFlush();
                return Task.FromResult(host.Metrics.Snapshot().GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last()));
            },
            m => Expected.All(m.ContainsKey), Patience.Background, "the intake, outbox, search, bus and HTTP metrics");

        Assert.True(Sum(metrics["feedbackportal.intake.submissions"]) >= 1);
    }

    // Recorded after the work finishes, so wait for every instrument rather than assert on the first
    // snapshot. MassTransit's own consume metrics are not asserted here: the test process runs many
    // portal hosts one after another, and MassTransit binds its instruments once per process, to the
    // first bus's meter factory, which an earlier host may already have disposed (one host per
    // process in production, so there they are exported).
    private static readonly string[] Expected =
    [
        "feedbackportal.intake.submissions", "feedbackportal.intake.duration", "feedbackportal.outbox.lag",
        "feedbackportal.outbox.pending", "feedbackportal.outbox.oldest_pending_age", "feedbackportal.search.duration",
        "http.server.request.duration",
    ];

    [Theory]
    [InlineData(null, TelemetryExporter.None)]
    [InlineData("otlp", TelemetryExporter.Otlp)]
    public void The_exporter_is_chosen_by_one_key_and_is_off_by_default(string? value, TelemetryExporter expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Exporter"] = value }).Build();

        Assert.Equal(expected, TelemetryRegistration.Exporter(configuration));
    }

    [Fact]
    public void An_unknown_exporter_stops_the_start_up_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Exporter"] = "Jaeger" }).Build();

        var error = Assert.Throws<PortalConfigurationException>(() => TelemetryRegistration.Exporter(configuration));
        Assert.Contains("Telemetry:Exporter", error.Message, StringComparison.Ordinal);
    }

    private static long Sum(Metric metric)
    {
        long sum = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            sum += point.GetSumLong();
        }

        return sum;
    }
}
