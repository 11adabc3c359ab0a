using System.Net;
using System.Text.Json;
using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Routing;

/// <summary>
/// Routing end to end, written once and run on both transports (in-memory and RabbitMQ): every kind
/// of rule lands the case with the right agency, coordinators' rule and registry edits apply without a
/// restart, external agencies' cases wait for their system, transfers re-route, duplicates change nothing.
/// </summary>
public abstract class RoutingScenarios(PortalHost host)
{
    protected PortalHost Host { get; } = host;

    protected HttpClient Client { get; } = host.CreateClient();

    [Fact]
    public async Task A_ministry_field_routes_to_the_ministry_and_records_the_rule()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "the-che-chinh-sach"));
        await Client.WaitForStatusAsync(code, "delivered");
        Assert.Equal("bo-khcn", await Client.AgencyOfAsync(code));

        var detail = await Client.CaseAsync("bo-khcn", code);
        var routing = detail.GetProperty("routing");
        Assert.Equal(JsonValueKind.Number, routing.GetProperty("ruleId").ValueKind);
        Assert.Contains("the-che-chinh-sach", routing.GetProperty("description").GetString());
        var routed = detail.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "routed");
        Assert.Equal(routing.GetProperty("ruleId").GetInt32(), routed.GetProperty("routingRuleId").GetInt32());
        Assert.Equal("an.nguyen@example.vn", detail.GetProperty("submitter").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_local_field_with_a_province_routes_to_its_peoples_committee()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "thu-tuc-hanh-chinh", locality: "ha-noi"));
        await Client.WaitForStatusAsync(code, "delivered");
        Assert.Equal("ubnd-ha-noi", await Client.AgencyOfAsync(code));
    }

    [Fact]
    public async Task A_local_field_without_a_province_routes_to_the_default_agency()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "thu-tuc-hanh-chinh"));
        await Client.WaitForStatusAsync(code, "delivered");
        Assert.Equal("vpcp", await Client.AgencyOfAsync(code));
    }

    [Fact]
    public async Task Field_khac_goes_to_central_triage()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "khac"));
        await Client.WaitForStatusAsync(code, "delivered");
        Assert.Equal("central-triage", await Client.AgencyOfAsync(code));
    }

    [Fact]
    public async Task A_rule_a_coordinator_adds_routes_the_next_submission_without_a_restart()
    {
        using var staff = Host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        using var saved = await staff.PostFormAsync("/staff/routing-rules/new", "/staff/routing-rules/new",
        [
            new("Kind", "initiative"), new("Field", "khac"), new("Locality", "da-nang"), new("Target", "bo-tai-chinh"),
            new("Priority", "0"), new("Description", "Initiatives from Đà Nẵng without a field: Ministry of Finance pilot"),
            new("IsActive", "true"), new("IsActive", "false"),
        ]);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Ministry of Finance pilot", await staff.GetStringAsync("/staff/routing-rules"));

        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "khac", locality: "da-nang", kind: "initiative"));
        await Client.WaitForStatusAsync(code, "delivered");
        Assert.Equal("bo-tai-chinh", await Client.AgencyOfAsync(code));
        var detail = await Client.CaseAsync("bo-tai-chinh", code);
        Assert.Contains("Ministry of Finance pilot", detail.GetProperty("routing").GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_agency_a_coordinator_adds_gets_its_queue_and_cases_without_a_restart()
    {
        using var staff = Host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        var agency = "ban-thu-nghiem-" + Guid.NewGuid().ToString("N")[..6];
        using var created = await staff.PostFormAsync("/staff/agencies/new", "/staff/agencies/new",
        [
            new("Code", agency), new("Type", "Central"), new("NameVi", "Ban thử nghiệm"), new("NameEn", "Pilot board"),
            new("ContactEmail", $"contact@{agency}.example.vn"), new("IsActive", "true"), new("IsActive", "false"),
            new("ExternalConsumer", "false"),
        ]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var rule = await staff.PostFormAsync("/staff/routing-rules/new", "/staff/routing-rules/new",
        [
            new("Kind", ""), new("Field", "so-huu-tri-tue"), new("Locality", "can-tho"), new("Target", agency),
            new("Priority", "0"), new("Description", "IP cases from Cần Thơ to the pilot board"), new("IsActive", "true"),
        ]);
        Assert.Equal(HttpStatusCode.OK, rule.StatusCode);

        await AssertAgencyQueueDeclaredAsync(agency);
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "so-huu-tri-tue", locality: "can-tho"));
        await Client.WaitForStatusAsync(code, "delivered");
        Assert.Equal(agency, await Client.AgencyOfAsync(code));
    }

    [Fact]
    public async Task An_external_agencys_case_stays_routed_until_its_system_reports_delivered()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: RoutingSettings.ExternalField));
        await Client.WaitForStatusAsync(code, "routed");
        await AssertWaitsInExternalQueueAsync(code);
        Assert.Equal("routed", (await Client.StatusAsync(code)).GetProperty("status").GetString());

        using var delivered = await Client.AgencyPostAsync(RoutingSettings.ExternalAgency, $"/api/v1/agency/cases/{code}/status",
            new { status = "delivered" });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("delivered", (await Client.StatusAsync(code)).GetProperty("status").GetString());

        using var working = await Client.AgencyPostAsync(RoutingSettings.ExternalAgency, $"/api/v1/agency/cases/{code}/status",
            new { status = "in_progress", note = "Opened as case NHNN-2026-118 in our system" });
        Assert.Equal(HttpStatusCode.OK, working.StatusCode);
        var detail = await working.JsonAsync();
        Assert.Equal("in_progress", detail.GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("internalNote").GetString() == "Opened as case NHNN-2026-118 in our system" && !e.GetProperty("public").GetBoolean());
    }

    [Fact]
    public async Task A_coordinator_hands_an_agencys_queue_to_its_own_system_and_back_without_a_restart()
    {
        using var staff = Host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        async Task FlagAsync(bool external)
        {
            using var saved = await staff.PostFormAsync("/staff/agencies/bo-gddt", "/staff/agencies/bo-gddt",
            [
                new("NameVi", "Bộ Giáo dục và Đào tạo"), new("NameEn", "Ministry of Education and Training"),
                new("ContactEmail", "tiepnhan@bo-gddt.example.vn"), new("HeadEmail", ""),
                new("ExternalConsumer", external ? "true" : "false"), new("ExternalConsumer", "false"),
                new("IsActive", "true"), new("IsActive", "false"),
            ]);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            var queues = Host.Services.GetRequiredService<AgencyQueues>();
            await Eventually.UntilAsync(() => Task.FromResult(queues.Consumed.Contains("bo-gddt") != external), Patience.Background,
                external ? "the portal to let go of agency.bo-gddt" : "the portal to consume agency.bo-gddt");
        }

        await FlagAsync(external: true);
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "nhan-luc-nhan-tai"));
        await Eventually.UntilAsync(() => OutboxSentAsync("agency.bo-gddt", code), Patience.Background, "the case sent to agency.bo-gddt");
        await Task.Delay(TimeSpan.FromSeconds(1)); // an observation window: nobody may consume it
        Assert.Equal(SubmissionStatus.Routed, await DatabaseStatusAsync(code));

        // Back to the portal's inbox: the message that waited in the queue is consumed now.
        await FlagAsync(external: false);
        await Client.WaitForStatusAsync(code, "delivered");
    }

    [Fact]
    public async Task A_transfer_reroutes_the_case_with_its_reason_on_the_public_timeline()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "the-che-chinh-sach"));
        await Client.WaitForStatusAsync(code, "delivered");

        const string reason = "Nội dung về thuế, thuộc thẩm quyền Bộ Tài chính";
        using var transferred = await Client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/transfer",
            new { agency = "bo-tai-chinh", reason });
        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);

        await Eventually.UntilAsync(async () => await Client.AgencyOfAsync(code) == "bo-tai-chinh"
            && (await Client.StatusAsync(code)).GetProperty("status").GetString() == "delivered", Patience.Background,
            "the transferred case to be delivered to bo-tai-chinh");
        var status = await Client.StatusAsync(code);
        var notes = status.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("note").GetString()).ToList();
        Assert.Contains(notes, n => n is not null && n.Contains(reason, StringComparison.Ordinal) && n.Contains("Bộ Tài chính", StringComparison.Ordinal));

        // The old agency no longer sees it; the new one does, with the transfer in its timeline.
        using var old = await Client.AgencyGetAsync("bo-khcn", $"/api/v1/agency/cases/{code}");
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        var detail = await Client.CaseAsync("bo-tai-chinh", code);
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("type").GetString() == "transferred" && e.GetProperty("publicNote").GetString() == reason);
    }

    [Fact]
    public async Task A_message_delivered_twice_produces_one_timeline_event()
    {
        var code = await Client.SubmitAsync(PortalApi.Feedback(field: "nghien-cuu-khoa-hoc"));
        await Client.WaitForStatusAsync(code, "delivered");

        // The very message the outbox sent (same MessageId and body), sent again as a broker redelivery would.
        var (id, payload) = await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Destination == "agency.bo-khcn").ToListAsync();
            var row = rows.Single(r => r.Payload.Contains(code, StringComparison.Ordinal));
            return (row.MessageId, JsonSerializer.Deserialize<SubmissionRouted>(row.Payload, JsonSerializerOptions.Web)!);
        });
        var bus = Host.Services.GetRequiredService<IBus>();
        var settings = Host.Services.GetRequiredService<MessagingSettings>();
        var endpoint = await bus.GetSendEndpoint(Topology.SendAddress(Topology.AgencyQueue("bo-khcn"), settings.Transport));
        await endpoint.Send(payload, ctx => ctx.MessageId = id);
        await endpoint.Send(payload with { }, ctx => ctx.MessageId = id);

        // Then a later case to the same queue: once it is delivered, the duplicates ahead of it were consumed.
        var later = await Client.SubmitAsync(PortalApi.Feedback(field: "nghien-cuu-khoa-hoc"));
        await Client.WaitForStatusAsync(later, "delivered");
        var detail = await Client.CaseAsync("bo-khcn", code);
        Assert.Single(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "delivered");
    }

    /// <summary>The agency's queue exists (transport-specific check).</summary>
    protected abstract Task AssertAgencyQueueDeclaredAsync(string agency);

    /// <summary>The routed message of the case waits, unconsumed, in the external agency's queue.</summary>
    protected abstract Task AssertWaitsInExternalQueueAsync(string trackingCode);

    protected async Task<SubmissionStatus> DatabaseStatusAsync(string trackingCode) =>
        await Host.InScopeAsync(async sp => (await sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
            .SingleAsync(s => s.TrackingCode == trackingCode)).Status);

    protected async Task<bool> OutboxSentAsync(string queue, string trackingCode) =>
        await Host.InScopeAsync(async sp => (await sp.GetRequiredService<PortalDbContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.Destination == queue && m.DispatchedAt != null).Select(m => m.Payload).ToListAsync())
            .Any(p => p.Contains(trackingCode, StringComparison.Ordinal)));
}

public sealed class RoutingOnInMemoryTests(InMemoryRoutingHost host) : RoutingScenarios(host), IClassFixture<InMemoryRoutingHost>
{
    protected override async Task AssertAgencyQueueDeclaredAsync(string agency)
    {
        var queues = Host.Services.GetRequiredService<AgencyQueues>();
        await Eventually.UntilAsync(() => Task.FromResult(queues.IsDeclared(agency)), Patience.Background, $"agency.{agency} to be declared");
        Assert.Contains(agency, queues.Consumed);
    }

    protected override async Task AssertWaitsInExternalQueueAsync(string trackingCode)
    {
        // The in-memory queue cannot be inspected from outside: the message was handed to the bus and nobody consumed it.
        await Eventually.UntilAsync(() => OutboxSentAsync(Topology.AgencyQueue(RoutingSettings.ExternalAgency), trackingCode),
            Patience.Background, "the routed message to be sent");
        await Task.Delay(TimeSpan.FromSeconds(1)); // an observation window: nobody may consume it
        Assert.Equal(SubmissionStatus.Routed, await DatabaseStatusAsync(trackingCode));
        Assert.DoesNotContain(RoutingSettings.ExternalAgency, Host.Services.GetRequiredService<AgencyQueues>().Consumed);
    }
}
