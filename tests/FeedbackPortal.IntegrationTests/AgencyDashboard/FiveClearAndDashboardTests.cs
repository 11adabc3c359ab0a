using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;
using static FeedbackPortal.IntegrationTests.Ratings.RatingSupport;

namespace FeedbackPortal.IntegrationTests.AgencyDashboard;

/// <summary>"5 rõ" on the public status page and the agency head's dashboard.</summary>
public sealed class FiveClearAndDashboardTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _public = host.CreateClient();

    [Fact]
    public async Task The_status_page_shows_agency_officer_by_title_and_unit_task_deadline_in_working_days_and_result()
    {
        var code = await _public.DeliveredCaseAsync("5 rõ: cổng dịch vụ công lỗi");
        var before = await _public.GetStringAsync($"/status/{code}");
        Assert.Contains("Chưa phân công cán bộ", before);
        Assert.Contains("data-working-days=\"15\"", before);

        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "assign", ("officer", PortalApi.Officer(Ministry))), code);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "task", ("task", "Kiểm tra máy chủ xác thực")), code);
        var page = await _public.GetStringAsync($"/status/{code}");
        Assert.Contains("Chuyên viên, Văn phòng tiếp nhận phản ánh, kiến nghị", page);
        Assert.DoesNotContain("Cán bộ bo-khcn", page); // the name is shown only when Status:OfficerDisplay is Name
        Assert.DoesNotContain("feedback.local", page);
        Assert.Contains("Kiểm tra máy chủ xác thực", page);
        Assert.Contains("data-working-days-left=", page);
        Assert.Contains("Rõ kết quả", page);
    }

    [Fact]
    public async Task A_task_that_quotes_the_citizen_is_published_with_their_name_phone_and_email_masked()
    {
        var code = await _public.DeliveredCaseAsync("5 rõ: nhiệm vụ nêu tên người dân");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "task",
            ("task", "Gọi lại ông Nguyễn Văn An (0912345678, an.nguyen@example.vn) để xác minh")), code);

        var page = await _public.GetStringAsync($"/status/{code}");
        Assert.Contains("để xác minh", page);
        Assert.DoesNotContain("Nguyễn Văn An", page);
        Assert.DoesNotContain("0912345678", page);
        Assert.DoesNotContain("an.nguyen@example.vn", page);

        // Staff still see what they typed.
        var staffPage = await officer.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("Gọi lại ông Nguyễn Văn An (0912345678", staffPage);
    }

    [Fact]
    public async Task The_heads_dashboard_shows_load_per_officer_ratings_and_review_requests_of_their_agency_only()
    {
        var (code, token) = await AnsweredCaseAsync(host, _public, "Bảng điều hành: đề nghị xem xét lại");
        (await _public.RateAsync(code, token, "dissatisfied", "Vẫn lỗi", review: true)).Dispose();

        var head = await host.StaffAsync(PortalApi.Head(Ministry));
        var page = await head.GetStringAsync("/staff/dashboard");
        Assert.Contains("data-table=\"officers\"", page);
        Assert.Contains($"data-tracking-code=\"{code}\"", page); // in "review asked"
        Assert.Contains("Vẫn lỗi", page);
        Assert.Matches("data-rating-count=\"dissatisfied\">[1-9]", page);
        Assert.Contains($"href=\"/staff/cases/{code}\"", page);

        var otherHead = await host.StaffAsync(PortalApi.Head(Province));
        var other = await otherHead.GetStringAsync($"/staff/dashboard?agency={Ministry}");
        Assert.DoesNotContain(code, other);
        Assert.DoesNotContain("Vẫn lỗi", other);
    }
}
