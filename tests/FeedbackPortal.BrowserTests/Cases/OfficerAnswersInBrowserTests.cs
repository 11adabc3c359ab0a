using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Cases;

public sealed class OfficerAnswersInBrowserTests(StaffBrowserFixture fixture) : IClassFixture<StaffBrowserFixture>
{
    private const string Answer = "Bộ Khoa học và Công nghệ đã nâng cấp hạ tầng; dịch vụ công trực tuyến đã hoạt động ổn định.";

    [Fact]
    public async Task An_officer_logs_in_assigns_a_new_case_to_themself_and_answers_it_in_Vietnamese()
    {
        using var api = new HttpClient { BaseAddress = fixture.BaseAddress };
        var code = await api.SubmitAsync(PortalApi.Feedback(title: "Trình duyệt: cổng dịch vụ công chậm"));
        await api.WaitForStatusAsync(code, "delivered");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", PortalApi.Officer("bo-khcn"));
        await page.FillAsync("#Password", PortalApi.Password);
        await page.ClickAndWaitForUrlAsync("form[action='/account/login'] button[type=submit]", "**/staff/inbox**");

        await page.GotoAsync("/staff/inbox?view=new");
        await page.ClickAndWaitForUrlAsync($"tr[data-tracking-code='{code}'] a", $"**/staff/cases/{code}");

        await page.ClickAndWaitForUrlAsync("#assign-to-me", $"**/staff/cases/{code}?done=assign");
        Assert.Contains("officer@bo-khcn", await page.InnerTextAsync("#assignee") + await page.InnerTextAsync("#officer option[selected]"));

        await page.FillAsync("#answer", Answer);
        await page.ClickAndWaitForUrlAsync("#answer-submit", $"**/staff/cases/{code}?done=answer");
        Assert.Equal("answered", await page.GetAttributeAsync("#five-clear ~ * [data-status], [data-status]", "data-status"));

        // The answer reaches the public page once the officer approves its (redacted) public version.
        await page.ClickAndWaitForUrlAsync("#publication-submit", $"**/staff/cases/{code}?done=publish");

        var status = await fixture.NewPageAsync();
        await status.GotoAsync($"/status/{code}");
        Assert.Equal(Answer, (await status.InnerTextAsync("#answer")).Trim());
        Assert.Equal("answered", await status.GetAttributeAsync("[data-status]", "data-status"));
        var timeline = await status.InnerTextAsync(".fp-timeline");
        Assert.Contains("Đã trả lời", timeline);
        Assert.Contains("Đã tiếp nhận", timeline);
        Assert.DoesNotContain("feedback.local", await status.ContentAsync());
    }
}
