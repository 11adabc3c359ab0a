using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Routing;

/// <summary>Messaging:QueueType=Quorum: every agency queue is a quorum queue, and sending to them still works.</summary>
public sealed class QuorumQueueTests(QuorumRoutingHost host) : IClassFixture<QuorumRoutingHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task All_52_agency_queues_are_durable_quorum_queues()
    {
        List<JsonElement> queues = [];
        await Eventually.UntilAsync(async () =>
        {
            queues = (await host.Rabbit!.QueuesAsync()).Where(q => q.GetProperty("name").GetString()!.StartsWith("agency.", StringComparison.Ordinal)
                && !q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal)).ToList();
            return queues.Count >= 52;
        }, Patience.Background, "52 agency queues");

        Assert.Equal(52, queues.Count);
        Assert.All(queues, q =>
        {
            Assert.True(q.GetProperty("durable").GetBoolean());
            Assert.Equal("quorum", q.GetProperty("type").GetString());
            Assert.Equal("quorum", q.GetProperty("arguments").GetProperty("x-queue-type").GetString());
        });
    }

    [Fact]
    public async Task Cases_reach_quorum_queues_of_portal_and_external_agencies()
    {
        // Sending never redeclares the queue, so no PRECONDITION_FAILED against a quorum queue.
        var inbox = await _client.SubmitAsync(PortalApi.Feedback(field: "du-lieu"));
        await _client.WaitForStatusAsync(inbox, "delivered");
        Assert.Equal("bo-cong-an", await _client.AgencyOfAsync(inbox));

        var external = await _client.SubmitAsync(PortalApi.Feedback(field: RoutingSettings.ExternalField));
        await Eventually.UntilAsync(async () => await host.Rabbit!.QueueAsync("agency." + RoutingSettings.ExternalAgency) is { } q
                && q.TryGetProperty("messages_ready", out var ready) && ready.GetInt32() >= 1,
            Patience.Background, "the message in the external agency's quorum queue");
        Assert.Equal("routed", (await _client.StatusAsync(external)).GetProperty("status").GetString());
    }
}
