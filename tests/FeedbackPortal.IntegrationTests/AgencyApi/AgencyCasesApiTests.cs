using System.Net;
using System.Text.Json;
using FeedbackPortal.IntegrationTests.Routing;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.AgencyApi;

/// <summary>The agency API, on the embedded engines and on PostgreSQL + RabbitMQ.</summary>
public abstract class AgencyCasesApiScenarios(PortalHost host)
{
    private readonly PortalHost _host = host;

    private readonly HttpClient _client = host.CreateClient();

    private async Task<string> DeliveredCaseAsync(string field = "the-che-chinh-sach", string? title = null)
    {
        var code = await _client.SubmitAsync(title is null ? PortalApi.Feedback(field: field) : PortalApi.Feedback(field: field, title: title));
        await _client.WaitForStatusAsync(code, "delivered");
        return code;
    }

    [Fact]
    public async Task Another_agencys_case_answers_404_as_problem_json()
    {
        var code = await DeliveredCaseAsync();
        using var response = await _client.AgencyGetAsync("bo-cong-an", $"/api/v1/agency/cases/{code}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(code, (await response.JsonAsync()).GetProperty("title").GetString());

        using var status = await _client.AgencyPostAsync("bo-cong-an", $"/api/v1/agency/cases/{code}/status", new { status = "in_progress" });
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task The_api_needs_an_agency_key()
    {
        using var none = await _client.GetAsync("/api/v1/agency/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agency/cases");
        request.Headers.Add("X-Api-Key", PortalApi.PartnerKey);
        using var partner = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, partner.StatusCode);
    }

    [Fact]
    public async Task The_list_holds_only_the_agencys_cases_newest_first_with_filters()
    {
        var first = await DeliveredCaseAsync("an-ninh-mang", "Lộ lọt dữ liệu cá nhân trên ứng dụng định danh");
        var second = await DeliveredCaseAsync("an-ninh-mang", "Tấn công mạng vào cổng thông tin xã");
        var elsewhere = await DeliveredCaseAsync("khac");

        var list = await (await _client.AgencyGetAsync("bo-cong-an", "/api/v1/agency/cases?pageSize=100")).JsonAsync();
        var codes = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingCode").GetString()).ToList();
        Assert.DoesNotContain(elsewhere, codes);
        Assert.True(codes.IndexOf(second) < codes.IndexOf(first) && codes.IndexOf(first) >= 0, "newest first");

        using (await _client.AgencyPostAsync("bo-cong-an", $"/api/v1/agency/cases/{first}/status", new { status = "in_progress" }))
        {
        }

        var working = await (await _client.AgencyGetAsync("bo-cong-an", "/api/v1/agency/cases?status=in_progress")).JsonAsync();
        Assert.Equal([first], working.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("trackingCode").GetString()));
        var overdue = await (await _client.AgencyGetAsync("bo-cong-an", "/api/v1/agency/cases?overdue=true")).JsonAsync();
        Assert.Equal(0, overdue.GetProperty("total").GetInt64());

        // Free text goes through the search index, within the agency's scope; diacritics optional.
        var found = await Eventually.UntilAsync(
            async () => await (await _client.AgencyGetAsync("bo-cong-an", "/api/v1/agency/cases?q=tan%20cong%20mang")).JsonAsync(),
            r => r.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("trackingCode").GetString() == second),
            Patience.Background, "the search to find the case");
        Assert.DoesNotContain(found.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == elsewhere);
        var notOurs = await (await _client.AgencyGetAsync("bo-khcn", "/api/v1/agency/cases?q=tan%20cong%20mang")).JsonAsync();
        Assert.DoesNotContain(notOurs.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == second);
    }

    [Fact]
    public async Task An_unknown_status_is_refused_with_a_clear_message_in_the_callers_language()
    {
        var code = await DeliveredCaseAsync();
        using var vi = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", new { status = "done" });
        Assert.Equal(HttpStatusCode.BadRequest, vi.StatusCode);
        Assert.Equal("application/problem+json", vi.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Không thể báo tình trạng 'done'", (await vi.JsonAsync()).GetProperty("title").GetString());

        using var en = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", new { status = "done" }, "en");
        var title = (await en.JsonAsync()).GetProperty("title").GetString();
        Assert.Contains("Status 'done' cannot be reported", title);
        Assert.Contains("in_progress", title);
    }

    [Fact]
    public async Task A_transition_the_case_does_not_allow_answers_409()
    {
        var code = await DeliveredCaseAsync();
        using var response = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", new { status = "closed" }, "en");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("status_not_allowed.close", problem.GetProperty("code").GetString());
        Assert.Equal("Only an answered case can be closed.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_agency_system_works_a_case_to_its_answer_and_the_public_sees_the_result()
    {
        var code = await DeliveredCaseAsync();
        using var noNote = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", new { status = "answered" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);

        foreach (var step in new object[]
                 {
                     new { status = "in_progress" },
                     new { status = "needs_info", note = "Xin cho biết thời điểm gián đoạn cụ thể?", @public = true },
                 })
        {
            using var r = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", step);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        using var answered = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status",
            new { status = "answered", note = "Đã nâng cấp hạ tầng; cổng hoạt động ổn định từ 01/12." });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var closed = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var status = await _client.StatusAsync(code);
        Assert.Equal("closed", status.GetProperty("status").GetString());
        // Answered, but the answer is public only once staff approve its public version.
        Assert.True(status.GetProperty("answered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("answer").ValueKind);
        var detail = await _client.CaseAsync("bo-khcn", code);
        var actors = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ToList();
        Assert.Contains("agency:bo-khcn", actors);
        Assert.Equal(JsonValueKind.Array, detail.GetProperty("attachments").ValueKind);
    }

    [Fact]
    public async Task Every_change_through_the_agency_api_is_a_case_action_with_its_audit_entry()
    {
        var code = await DeliveredCaseAsync(title: "Cổng thông tin báo lỗi khi tra cứu hồ sơ sáng kiến");
        foreach (var step in new object[]
                 {
                     new { status = "in_progress", note = "Đã giao cho phòng kỹ thuật." },
                     new { status = "in_progress" }, // the same status again: nothing changes, nothing is recorded
                     new { status = "answered", note = "Đã sửa lỗi tra cứu." },
                     new { status = "closed" },
                 })
        {
            using var r = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{code}/status", step);
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}");
        }

        var other = await DeliveredCaseAsync(title: "Phản ánh cần chuyển sang cơ quan có thẩm quyền khác");
        using (var moved = await _client.AgencyPostAsync("bo-khcn", $"/api/v1/agency/cases/{other}/transfer",
                   new { agency = "ubnd-ha-noi", reason = "Thuộc thẩm quyền của thành phố." }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            Assert.Equal("ubnd-ha-noi", (await moved.JsonAsync()).GetProperty("agency").GetString());
        }

        var entries = await _host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.TrackingCode == code || a.TrackingCode == other).OrderBy(a => a.Id).ToListAsync());
        var actions = entries.Where(e => e.Action.StartsWith("case.", StringComparison.Ordinal)).Select(e => (e.TrackingCode, e.Action)).ToList();
        Assert.Equal([(code, "case.start"), (code, "case.answer"), (code, "case.close"), (other, "case.transfer")], actions);
        Assert.All(entries.Where(e => e.Action.StartsWith("case.", StringComparison.Ordinal)), e => Assert.True(e.IsApiClient));
        var timeline = (await _client.CaseAsync("bo-khcn", code)).GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Single(timeline, t => t == "work_started");
        Assert.Contains("note_added", timeline);
    }
}

public sealed class AgencyCasesApiTests(InMemoryRoutingHost host) : AgencyCasesApiScenarios(host), IClassFixture<InMemoryRoutingHost>;

public sealed class ProductionEnginesRoutingHost() : PortalHost(new PortalHostOptions { Postgres = true, RabbitMq = true, Settings = RoutingSettings.With() });

public sealed class AgencyCasesApiOnProductionEnginesTests(ProductionEnginesRoutingHost host)
    : AgencyCasesApiScenarios(host), IClassFixture<ProductionEnginesRoutingHost>;
