using System.Text.RegularExpressions;
using FeedbackPortal.BrowserTests.Accessibility;

namespace FeedbackPortal.BrowserTests.Status;

/// <summary>The walking skeleton in a real browser: home → submit feedback → confirmation → status.</summary>
[Collection(AccessibilityCollection.Name)]
public sealed partial class SubmittingFeedbackInTheBrowserTests(AccessibilityFixture portal)
{
    [Fact]
    public async Task A_person_submits_feedback_and_sees_the_tracking_code_on_the_status_page()
    {
        await using var context = await portal.NewContextAsync("vi");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("main a[href='/submit/feedback']").First.ClickAsync();
        await page.WaitForURLAsync("**/submit/feedback");

        await page.FillAsync("#Title", "Ứng dụng dịch vụ công trên điện thoại không đăng nhập được");
        await page.FillAsync("#Content", "Từ tuần trước, ứng dụng dịch vụ công báo lỗi khi đăng nhập bằng tài khoản định danh điện tử.");
        await page.SelectOptionAsync("#Field", "the-che-chinh-sach");
        await page.FillAsync("#Name", "Trần Văn Cường");
        await page.FillAsync("#Email", "cuong.tran@example.vn");
        await page.CheckAsync("#Consent");
        await page.Locator("main form[method=post] button[type=submit]").Last.ClickAsync();

        await page.WaitForURLAsync(new Regex("/status/[A-Z0-9-]+\\?submitted=1"));
        var code = (await page.InnerTextAsync("#tracking-code")).Trim();
        Assert.Matches(CodePattern(), code);
        Assert.EndsWith("/status/" + code + "?submitted=1", page.Url, StringComparison.Ordinal);

        // The plain status page (what the e-mailed link opens) shows the same case, but not the
        // citizen's own words: nothing is public before staff approve its public text.
        await page.GotoAsync("/status/" + code);
        Assert.Equal(code, (await page.InnerTextAsync("#tracking-code")).Trim());
        Assert.DoesNotContain("Ứng dụng dịch vụ công trên điện thoại", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^P[A-Z]-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex CodePattern();
}
