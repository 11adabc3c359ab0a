using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Routing;

/// <summary>The routing scenarios on a real RabbitMQ, plus what only a broker can show: queues, persistence, error queues.</summary>
public sealed class RoutingOnRabbitMqTests(RabbitRoutingHost host) : RoutingScenarios(host), IClassFixture<RabbitRoutingHost>
{
    private RabbitVirtualHost Rabbit => Host.Rabbit!;

    [Fact]
    public async Task All_52_agency_queues_exist_and_are_durable_classic_queues()
    {
        // The registry's 52 agencies (a test may add one of its own).
        var registry = ReferenceCatalog.Load().Agencies.Select(a => "agency." + a.Code).ToHashSet();
        Assert.Equal(52, registry.Count);
        var queues = (await AgencyQueuesAsync(52)).Where(q => registry.Contains(q.GetProperty("name").GetString()!)).ToList();
        Assert.Equal(52, queues.Count);
        Assert.All(queues, q =>
        {
            Assert.True(q.GetProperty("durable").GetBoolean(), q.GetProperty("name").GetString());
            Assert.False(q.GetProperty("auto_delete").GetBoolean());
            Assert.Equal("classic", q.GetProperty("type").GetString());
        });
        Assert.Contains(queues, q => q.GetProperty("name").GetString() == "agency.central-triage");
        Assert.Contains(queues, q => q.GetProperty("name").GetString() == "agency.ubnd-tp-hcm");
        // The external agency's queue exists though the portal does not consume it.
        var external = queues.Single(q => q.GetProperty("name").GetString() == "agency." + RoutingSettings.ExternalAgency);
        Assert.Equal(0, external.GetProperty("consumers").GetInt32());
    }

    [Fact]
    public async Task The_bindings_are_those_docs_messaging_md_describes()
    {
        async Task<List<(string Destination, string Type)>> BindingsFromAsync(string exchange)
        {
            var list = await Rabbit.Management.GetFromJsonAsync<JsonElement[]>(
                $"api/exchanges/{Uri.EscapeDataString(Rabbit.Name)}/{exchange}/bindings/source");
            return list!.Select(b => (b.GetProperty("destination").GetString()!, b.GetProperty("destination_type").GetString()!)).ToList();
        }

        await AssertAgencyQueueDeclaredAsync("bo-khcn");
        Assert.Contains(("portal.routing", "exchange"), await BindingsFromAsync("feedbackportal.submission-received"));
        Assert.Contains(("portal.indexing", "exchange"), await BindingsFromAsync("feedbackportal.submission-received"));
        Assert.Contains(("portal.indexing", "exchange"), await BindingsFromAsync("feedbackportal.submission-changed"));
        Assert.Contains(("portal.routing", "queue"), await BindingsFromAsync("portal.routing"));
        Assert.Contains(("portal.notifications", "queue"), await BindingsFromAsync("portal.notifications"));
        Assert.Equal([("agency.bo-khcn", "queue")], await BindingsFromAsync("agency.bo-khcn"));
        Assert.Equal([("agency." + RoutingSettings.ExternalAgency, "queue")], await BindingsFromAsync("agency." + RoutingSettings.ExternalAgency));
    }

    [Fact]
    public async Task Routed_messages_are_persistent()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: RoutingSettings.ExternalField, title: "Thanh toán số qua ngân hàng bị lỗi"));
        await AssertWaitsInExternalQueueAsync(code);
        using var response = await Rabbit.Management.PostAsJsonAsync(
            $"api/queues/{Uri.EscapeDataString(Rabbit.Name)}/agency.{RoutingSettings.ExternalAgency}/get",
            new { count = 50, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        var ours = messages!.Single(m => m.GetProperty("payload").GetString()!.Contains(code, StringComparison.Ordinal));
        Assert.Equal(2, ours.GetProperty("properties").GetProperty("delivery_mode").GetInt32());
        var body = JsonDocument.Parse(ours.GetProperty("payload").GetString()!).RootElement.GetProperty("message");
        Assert.Equal(1, body.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("an.nguyen@example.vn", body.GetProperty("submitter").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("deadline").ValueKind);

        // Publisher confirms: the portal's publishing channels are in confirm mode.
        await Eventually.UntilAsync(async () =>
                (await Rabbit.Management.GetFromJsonAsync<JsonElement[]>($"api/vhosts/{Uri.EscapeDataString(Rabbit.Name)}/channels"))!
                .Any(c => c.TryGetProperty("confirm", out var confirm) && confirm.GetBoolean()),
            Patience.Background, "a channel in confirm mode");
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_and_replays_after_the_fix()
    {
        // A case routed to bo-khcn that the database does not hold (as after restoring an older backup).
        var now = DateTimeOffset.UtcNow;
        var submission = Submission.Create(new SubmissionDraft(SubmissionKind.Feedback, "Khôi phục dữ liệu", "Hồ sơ bị thiếu trong cơ sở dữ liệu sau khi khôi phục.",
            "the-che-chinh-sach", null, new Submitter("Trần Thị Bình", "binh@example.vn", null, null, null), "2025-07", true, "vi"),
            TrackingCode.New(SubmissionKind.Feedback, now), now);
        submission.Route("bo-khcn", null, "Restored case", now.AddDays(20), now);
        var bus = Host.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(Topology.SendAddress(Topology.AgencyQueue("bo-khcn"), MessagingTransport.RabbitMq));
        await endpoint.Send(RoutedMessageFactory.Create(submission, "Restored case", now));

        await Eventually.UntilAsync(async () => await Rabbit.QueueAsync("agency.bo-khcn_error") is { } q
                && q.TryGetProperty("messages", out var n) && n.GetInt32() >= 1,
            Patience.Background, "the poison message in agency.bo-khcn_error");

        // Coordinators see it on the operations page.
        using var staff = Host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        var page = await staff.GetStringAsync("/staff/operations");
        Assert.Contains("agency.bo-khcn_error", page);

        // The fix: the case is back in the database. Then the operator's command replays the error queue.
        await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            db.Submissions.Add(submission);
            await db.SaveChangesAsync();
        });
        var output = new StringWriter();
        var originalOut = Console.Out;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = Rabbit.AmqpUri,
            ["Portal:DataDirectory"] = Host.DataDirectory,
        });
        Console.SetOut(output);
        try
        {
            Assert.True(await FeedbackPortal.Web.Hosting.PortalCommands.TryRunAsync(builder, ["replay-errors", "agency.bo-khcn"]));
        }
        finally
        {
            Console.SetOut(originalOut);
        }

        Assert.Contains("agency.bo-khcn_error → agency.bo-khcn: 1 message(s) replayed", output.ToString());
        await Client.WaitForStatusAsync(submission.TrackingCode, "delivered", Patience.Background);
        await Eventually.UntilAsync(async () => await Rabbit.QueueAsync("agency.bo-khcn_error") is { } q
                && q.TryGetProperty("messages", out var n) && n.GetInt32() == 0,
            Patience.Background, "the error queue to be empty");
    }

    protected override async Task AssertAgencyQueueDeclaredAsync(string agency) =>
        await Eventually.UntilAsync(async () => await Rabbit.QueueAsync("agency." + agency) is { } q && q.GetProperty("durable").GetBoolean(),
            Patience.Background, $"queue agency.{agency}");

    protected override async Task AssertWaitsInExternalQueueAsync(string trackingCode)
    {
        await Eventually.UntilAsync(() => OutboxSentAsync(Topology.AgencyQueue(RoutingSettings.ExternalAgency), trackingCode),
            Patience.Background, "the routed message to be sent");
        // The management API refreshes its statistics every few seconds.
        await Eventually.UntilAsync(async () => await Rabbit.QueueAsync("agency." + RoutingSettings.ExternalAgency) is { } q
                && q.TryGetProperty("messages_ready", out var ready) && ready.GetInt32() >= 1,
            Patience.Background, "a message ready in the external agency's queue");
        Assert.Equal(SubmissionStatus.Routed, await DatabaseStatusAsync(trackingCode));
    }

    private async Task<List<JsonElement>> AgencyQueuesAsync(int expected)
    {
        List<JsonElement> queues = [];
        await Eventually.UntilAsync(async () =>
        {
            queues = (await Rabbit.QueuesAsync()).Where(q => q.GetProperty("name").GetString()!.StartsWith("agency.", StringComparison.Ordinal)
                && !q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal)).ToList();
            return queues.Count >= expected;
        }, Patience.Background, $"{expected} agency queues");
        return queues;
    }
}
