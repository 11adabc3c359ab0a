using System.Net;
using FeedbackPortal.Testing;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Cases;

public sealed class CaseWorkflowUiTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _public = host.CreateClient();

    [Fact]
    public async Task An_officer_assigns_to_themself_starts_and_answers_and_the_public_status_shows_the_answer_but_no_staff_email()
    {
        var code = await _public.DeliveredCaseAsync();
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));

        // As the browser posts "assign to me": the select's value comes along with the button's.
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "assign", ("officer", "someone-else"), ("self", "true")), code);
        Assert.Contains("Cán bộ bo-khcn", await officer.GetStringAsync($"/staff/cases/{code}"));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "task", ("task", "Kiểm tra nhật ký hệ thống")), code);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "start"), code);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "notes", ("note", "Ghi chú nội bộ: đã gọi điện")), code);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "answer", ("answer", "Bộ đã nâng cấp máy chủ, dịch vụ đã ổn định.")), code);

        var page = await officer.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("Kiểm tra nhật ký hệ thống", page);
        Assert.Contains("data-status=\"answered\"", page);
        Assert.Contains("Ghi chú nội bộ: đã gọi điện", page);
        Assert.Contains("data-event=\"Routed\"", page); // the routing decision, with its rule, on the staff timeline
        Assert.Contains("data-public=\"false\"", page);
        var english = await officer.GetStringAsync($"/staff/cases/{code}?culture=en&ui-culture=en");
        Assert.Contains("Assigned officer", english);

        var status = await _public.StatusAsync(code);
        Assert.Equal("answered", status.GetProperty("status").GetString());
        Assert.DoesNotContain("Bộ đã nâng cấp máy chủ", await _public.GetStringAsync($"/status/{code}")); // public once approved
        await officer.ApprovePublicationAsync(code);
        var html = await _public.GetStringAsync($"/status/{code}");
        Assert.Contains("Bộ đã nâng cấp máy chủ, dịch vụ đã ổn định.", html);
        Assert.DoesNotContain("feedback.local", html);
        Assert.DoesNotContain("feedback.local", status.GetRawText());
        Assert.DoesNotContain("Ghi chú nội bộ", html);
        Assert.Contains("Kiểm tra nhật ký hệ thống", html); // "5 rõ": the task staff set is public; internal notes are not

        var mail = await PickupMail.WaitForAsync(host, m => m.To == "an.nguyen@example.vn" && m.Body.Contains("Bộ đã nâng cấp máy chủ", StringComparison.Ordinal));
        Assert.Contains(code, mail[0].Subject);
    }

    [Fact]
    public async Task Refused_transitions_show_a_localised_error_and_change_nothing()
    {
        var code = await _public.DeliveredCaseAsync();
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));

        using var close = await officer.ActAsync(code, "close");
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        var html = await close.Content.ReadAsStringAsync();
        Assert.Contains("data-error-code=\"status_not_allowed.close\"", html);
        Assert.Contains("Thao tác này không thực hiện được ở tình trạng hiện tại của hồ sơ.", html);

        using var reject = await officer.ActAsync(code, "reject", ("reason", "  "));
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);
        Assert.Contains("data-error-code=\"required.reason\"", await reject.Content.ReadAsStringAsync());

        using var reopen = await officer.ActAsync(code, "reopen", ("reason", "Thử"));
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);

        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "start"), code);
        using var startAgain = await officer.ActAsync(code, "start");
        Assert.Equal(HttpStatusCode.Conflict, startAgain.StatusCode);
        Assert.Equal("in_progress", await _public.StatusOfAsync(code));
    }

    [Fact]
    public async Task Reject_close_and_reopen_follow_their_allowed_statuses()
    {
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        var rejected = await _public.DeliveredCaseAsync();
        await AssertRedirectedToCaseAsync(await officer.ActAsync(rejected, "reject", ("reason", "Không thuộc phạm vi của Bộ.")), rejected);
        Assert.Equal("rejected", await _public.StatusOfAsync(rejected));
        Assert.Contains("Không thuộc phạm vi của Bộ.", await _public.GetStringAsync($"/status/{rejected}"));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(rejected, "reopen", ("reason", "Xem xét lại")), rejected);
        Assert.Equal("in_progress", await _public.StatusOfAsync(rejected));

        await AssertRedirectedToCaseAsync(await officer.ActAsync(rejected, "answer", ("answer", "Đã xử lý xong.")), rejected);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(rejected, "close"), rejected);
        Assert.Equal("closed", await _public.StatusOfAsync(rejected));
        using var answerClosed = await officer.ActAsync(rejected, "answer", ("answer", "Lại trả lời"));
        Assert.Equal(HttpStatusCode.Conflict, answerClosed.StatusCode);
    }

    [Fact]
    public async Task Merging_a_duplicate_points_its_public_status_to_the_original()
    {
        var original = await _public.DeliveredCaseAsync("Bản gốc: cổng dịch vụ công bị lỗi đăng nhập");
        var duplicate = await _public.DeliveredCaseAsync("Trùng: cổng dịch vụ công bị lỗi đăng nhập");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));

        using var self = await officer.ActAsync(duplicate, "merge", ("into", duplicate));
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        using var unknown = await officer.ActAsync(duplicate, "merge", ("into", "PA-26-0000-0000"));
        Assert.Contains("merge.original_not_found", await unknown.Content.ReadAsStringAsync());

        await AssertRedirectedToCaseAsync(await officer.ActAsync(duplicate, "merge", ("into", original.ToLowerInvariant())), duplicate);
        var status = await _public.StatusAsync(duplicate);
        Assert.Equal("merged", status.GetProperty("status").GetString());
        var html = await _public.GetStringAsync($"/status/{duplicate}");
        Assert.Contains($"href=\"/status/{original}\"", html);
    }

    [Fact]
    public async Task When_the_agency_requires_approval_an_officers_answer_waits_for_the_head()
    {
        var code = await _public.DeliveredCaseAsync(field: "thu-tuc-hanh-chinh", locality: "ha-noi");
        var agency = (await _public.StatusAsync(code)).GetProperty("agency").GetProperty("code").GetString()!;
        var admin = await host.StaffAsync("admin@feedback.local");
        using (var on = await admin.PostFormAsync("/staff/admin", $"/staff/admin/agencies/{agency}/approval", [new("required", "true")]))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        var officer = await host.StaffAsync(PortalApi.Officer(agency));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "answer", ("answer", "Dự thảo trả lời của cán bộ.")), code);
        Assert.Equal("delivered", await _public.StatusOfAsync(code));
        Assert.DoesNotContain("Dự thảo trả lời", await _public.GetStringAsync($"/status/{code}"));
        Assert.Contains("data-pending-approval", await officer.GetStringAsync($"/staff/cases/{code}"));

        using var officerApproves = await officer.ActAsync(code, "approve");
        Assert.NotEqual(HttpStatusCode.OK, officerApproves.StatusCode);

        var head = await host.StaffAsync(PortalApi.Head(agency));
        await AssertRedirectedToCaseAsync(await head.ActAsync(code, "approve"), code);
        Assert.Equal("answered", await _public.StatusOfAsync(code));
        await head.ApprovePublicationAsync(code);
        Assert.Contains("Dự thảo trả lời của cán bộ.", await _public.GetStringAsync($"/status/{code}"));
    }

    [Fact]
    public async Task An_initiative_is_evaluated_accepted_piloted_and_scaled_up()
    {
        var code = await _public.DeliveredCaseAsync("Sáng kiến số hoá hồ sơ", kind: "initiative");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        using var tooHigh = await officer.ActAsync(code, "evaluate", ("feasibility", "30"), ("impact", "20"), ("cost", "10"), ("readiness", "10"), ("notes", "x"));
        Assert.Contains("evaluate.criteria_range", await tooHigh.Content.ReadAsStringAsync());
        using var pilotEarly = await officer.ActAsync(code, "pilot", ("note", "Thí điểm"));
        Assert.Equal(HttpStatusCode.Conflict, pilotEarly.StatusCode);

        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "evaluate",
            ("feasibility", "20"), ("impact", "22"), ("cost", "15"), ("readiness", "18"), ("notes", "Khả thi, chi phí hợp lý")), code);
        Assert.Contains("total=75/100", await officer.GetStringAsync($"/staff/cases/{code}"));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "decide", ("decision", "accept"), ("reasons", "Hiệu quả cao")), code);
        Assert.Equal("accepted_for_pilot", await _public.StatusOfAsync(code));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "pilot", ("note", "Thí điểm tại Hà Nội")), code);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "scale-up", ("note", "Nhân rộng toàn quốc")), code);
        Assert.Equal("scaled_up", await _public.StatusOfAsync(code));
        Assert.DoesNotContain("Khả thi, chi phí hợp lý", await _public.GetStringAsync($"/status/{code}"));
    }

    [Fact]
    public async Task A_head_keeps_response_templates_that_the_answer_form_offers_for_the_agency_and_field()
    {
        var head = await host.StaffAsync(PortalApi.Head(Ministry));
        using (var created = await head.PostFormAsync("/staff/templates", "/staff/templates",
                   [new("agency", Ministry), new("field", "the-che-chinh-sach"), new("name", "Đã chuyển bộ phận kỹ thuật"),
                    new("text", "Bộ đã chuyển phản ánh đến bộ phận kỹ thuật để khắc phục.")]))
        {
            Assert.Equal("/staff/templates", created.RequestMessage!.RequestUri!.AbsolutePath);
        }

        using (var otherAgency = await head.PostFormAsync("/staff/templates", "/staff/templates",
                   [new("agency", "bo-tai-chinh"), new("name", "x"), new("text", "y")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, otherAgency.StatusCode);
        }

        var code = await _public.DeliveredCaseAsync("Mẫu trả lời theo lĩnh vực");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        var page = await officer.GetStringAsync($"/staff/cases/{code}");
        var link = System.Text.RegularExpressions.Regex.Match(page, $"/staff/cases/{code}\\?template=(\\d+)").Value;
        Assert.NotEmpty(link);
        Assert.Contains(">Bộ đã chuyển phản ánh đến bộ phận kỹ thuật để khắc phục.</textarea>", await officer.GetStringAsync(link));
        using var forbidden = await officer.GetAsync("/staff/templates");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
