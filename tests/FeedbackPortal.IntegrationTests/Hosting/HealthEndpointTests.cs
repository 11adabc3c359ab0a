using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>The portal with e-mail going to an SMTP port where nothing listens.</summary>
public sealed class UnreachableSmtpPortalHost() : PortalHost(new PortalHostOptions
{
    Settings =
    {
        ["Email:Delivery"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    },
})
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class HealthEndpointTests(UnreachableSmtpPortalHost host) : IClassFixture<UnreachableSmtpPortalHost>
{
    [Fact]
    public async Task Live_answers_200_without_running_any_check()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_lists_every_check_and_includes_the_bus_when_workers_run_in_process()
    {
        var checks = await ReadyChecksAsync();

        Assert.Equal("Healthy", checks["database"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["outbox"].GetProperty("status").GetString());
        // MassTransit registers its bus check itself, tagged "ready" and "masstransit".
        var bus = Assert.Single(checks, c => c.Value.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "masstransit"));
        Assert.Equal("Healthy", bus.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_still_answers_200_when_smtp_and_search_are_down_and_reports_them_degraded()
    {
        // Point the embedded index at a file without the index schema: every search now fails.
        var pointer = Path.Combine(host.DataDirectory, "search", "current");
        var original = await File.ReadAllTextAsync(pointer);
        await File.WriteAllTextAsync(pointer, "missing-index.db");
        File.SetLastWriteTimeUtc(pointer, DateTime.UtcNow.AddSeconds(5));
        try
        {
            using var client = host.CreateClient();
            using var response = await client.GetAsync("/health/ready");
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal("Degraded", body.GetProperty("status").GetString());
            var checks = body.GetProperty("checks");
            Assert.Equal("Degraded", checks.GetProperty("smtp").GetProperty("status").GetString());
            Assert.Equal("Degraded", checks.GetProperty("search").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        }
        finally
        {
            await File.WriteAllTextAsync(pointer, original);
            File.SetLastWriteTimeUtc(pointer, DateTime.UtcNow.AddSeconds(10));
        }
    }

    private async Task<Dictionary<string, JsonElement>> ReadyChecksAsync()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
