using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Routing;

/// <summary>Hosts for the routing scenarios: nhnn's own system consumes its queue (external consumer).</summary>
public static class RoutingSettings
{
    public const string ExternalAgency = "nhnn";
    public const string ExternalField = "ngan-hang-thanh-toan-so";

    public static Dictionary<string, string?> With(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Routing:ExternalAgencies:0"] = ExternalAgency,
            // Agencies added by coordinators are picked up quickly (the signal covers in-process workers anyway).
            ["Messaging:TopologyRefresh"] = "00:00:02",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}

public sealed class InMemoryRoutingHost() : PortalHost(new PortalHostOptions { Settings = RoutingSettings.With() });

public sealed class RabbitRoutingHost() : PortalHost(new PortalHostOptions { RabbitMq = true, Settings = RoutingSettings.With() });

public sealed class QuorumRoutingHost() : PortalHost(new PortalHostOptions
{
    RabbitMq = true,
    Settings = RoutingSettings.With(("Messaging:QueueType", "Quorum")),
});

/// <summary>The agency API as an agency's own system uses it, with its demo key.</summary>
public static class AgencyApiClient
{
    public static async Task<HttpResponseMessage> AgencyGetAsync(this HttpClient client, string agency, string url, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Api-Key", PortalApi.AgencyKey(agency));
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> AgencyPostAsync(this HttpClient client, string agency, string url, object body, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", PortalApi.AgencyKey(agency));
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> CaseAsync(this HttpClient client, string agency, string trackingCode)
    {
        using var response = await client.AgencyGetAsync(agency, $"/api/v1/agency/cases/{trackingCode}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET case {trackingCode} as {agency}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The agency now responsible according to the public status API.</summary>
    public static async Task<string?> AgencyOfAsync(this HttpClient client, string trackingCode)
    {
        var status = await client.StatusAsync(trackingCode);
        return status.GetProperty("agency").ValueKind == JsonValueKind.Object ? status.GetProperty("agency").GetProperty("code").GetString() : null;
    }
}
