using System.Net;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Routing;

public sealed class RegistryHost() : PortalHost(new PortalHostOptions
{
    Settings = RoutingSettings.With(
        ("Agencies:bo-khcn:ContactEmail", "tiepnhan@most.example.vn"),
        ("Agencies:bo-khcn:HeadEmail", "lanhdao@most.example.vn")),
});

/// <summary>The registry and the rules as coordinators manage them.</summary>
public sealed class AgencyRegistryTests(RegistryHost host) : IClassFixture<RegistryHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Fact]
    public async Task Agencies_hold_configured_contacts_demo_ones_in_development_and_the_configured_external_flag()
    {
        var agencies = await host.InScopeAsync(async sp =>
            await sp.GetRequiredService<PortalDbContext>().Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code));
        Assert.Equal(52, agencies.Count);
        Assert.Equal("tiepnhan@most.example.vn", agencies["bo-khcn"].ContactEmail);
        Assert.Equal("lanhdao@most.example.vn", agencies["bo-khcn"].HeadEmail);
        Assert.Equal("contact@bo-y-te.feedback.local", agencies["bo-y-te"].ContactEmail);
        Assert.Equal("head@ubnd-ha-noi.feedback.local", agencies["ubnd-ha-noi"].HeadEmail);
        Assert.True(agencies[RoutingSettings.ExternalAgency].ExternalConsumer);
        Assert.False(agencies["bo-khcn"].ExternalConsumer);
        Assert.Equal("Bộ Khoa học và Công nghệ", agencies["bo-khcn"].NameVi);
        Assert.Equal("Ministry of Science and Technology", agencies["bo-khcn"].NameEn);
    }

    [Fact]
    public async Task A_deactivated_rule_no_longer_routes_the_next_case()
    {
        using var staff = host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        var ruleId = await host.InScopeAsync(async sp => await sp.GetRequiredService<PortalDbContext>().RoutingRules
            .Where(r => r.FieldCode == "tai-chinh-dau-tu" && r.LocalityCode == null && !r.ToLocalityAgency).Select(r => r.Id).SingleAsync());
        using var off = await staff.PostFormAsync("/staff/routing-rules", $"/staff/routing-rules/{ruleId}/active", [new("active", "false")]);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);

        var code = await _client.SubmitAsync(PortalApi.Feedback(field: "tai-chinh-dau-tu"));
        await _client.WaitForStatusAsync(code, "delivered");
        Assert.Equal("central-triage", await _client.AgencyOfAsync(code));
        var detail = await _client.CaseAsync("central-triage", code);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, detail.GetProperty("routing").GetProperty("ruleId").ValueKind);
        Assert.Contains("No routing rule matched", detail.GetProperty("routing").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_rule_naming_an_unknown_agency_is_refused()
    {
        using var staff = host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        using var response = await staff.PostFormAsync("/staff/routing-rules/new", "/staff/routing-rules/new",
        [
            new("Field", "khac"), new("Target", "bo-khong-co"), new("Priority", "0"), new("Description", "Thử"),
            new("IsActive", "true"),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Cơ quan không có trong danh mục", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_coordinators_manage_rules_and_see_operations_which_are_honest_about_the_in_memory_transport()
    {
        using var officer = host.CreateClient();
        await officer.LoginAsync(PortalApi.Officer("bo-khcn"));
        foreach (var page in new[] { "/staff/routing-rules", "/staff/agencies", "/staff/operations" })
        {
            using var denied = await officer.GetAsync(page);
            Assert.EndsWith("/account/denied", denied.RequestMessage!.RequestUri!.AbsolutePath);
        }

        using var staff = host.CreateClient();
        await staff.LoginAsync(PortalApi.Coordinator);
        var operations = await staff.GetStringAsync("/staff/operations");
        Assert.Contains("không thể xem hay gửi lại", operations);
        Assert.Contains("data-outbox-pending=", operations);
        var agencies = await staff.GetStringAsync("/staff/agencies");
        Assert.Contains("agency.ubnd-ha-noi", agencies);
    }
}
