using FeedbackPortal.Testing;
using System.Text;
using System.Text.RegularExpressions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Intake;

/// <summary>Real Chromium, real ALTCHA widget solving its challenge in the page, real Kestrel.</summary>
public sealed partial class IntakeBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    [Fact]
    public async Task A_citizen_submits_feedback_with_an_attachment_in_vietnamese()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/submit/feedback");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));

        await page.FillAsync("#Title", "Đèn tín hiệu giao thông hỏng tại nút giao Kim Mã");
        await page.FillAsync("#Content", "Đèn tín hiệu tại nút giao Kim Mã – Liễu Giai không hoạt động từ sáng nay, gây ùn tắc nghiêm trọng.");
        await page.SelectOptionAsync("#Field", "thu-tuc-hanh-chinh");
        await page.SelectOptionAsync("#Locality", "ha-noi");
        await page.FillAsync("#Name", "Phạm Văn Cường");
        await page.FillAsync("#Email", "cuong.pham@example.vn");
        await page.FillAsync("#Phone", "0912 345 678");
        await page.SetInputFilesAsync("#Files", new FilePayload { Name = "anh-hien-truong.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.CheckAsync("#Consent");

        var code = await SubmitAsync(page, "feedback-vi");

        Assert.StartsWith("PA-", code, StringComparison.Ordinal);
        var attachments = await fixture.Portal.InScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            return (from a in db.Attachments join s in db.Submissions on a.SubmissionId equals s.Id where s.TrackingCode == code select a.FileName).ToListAsync();
        });
        Assert.Equal(["anh-hien-truong.pdf"], attachments);
    }

    [Fact]
    public async Task A_business_submits_an_initiative_with_its_tax_code_in_vietnamese()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/submit/initiative");

        await page.FillAsync("#Title", "Sàn giao dịch công nghệ cho doanh nghiệp nhỏ");
        await page.FillAsync("#Content", "Đề xuất xây dựng sàn giao dịch công nghệ trực tuyến kết nối viện nghiên cứu với doanh nghiệp nhỏ và vừa.");
        await page.SelectOptionAsync("#Field", "the-che-chinh-sach");
        await page.SelectOptionAsync("#System", "he-thong-1");
        await page.FillAsync("#ExpectedImpact", "Rút ngắn thời gian thương mại hoá kết quả nghiên cứu.");
        await page.FillAsync("#SupportRequested", "Cơ chế thử nghiệm có kiểm soát (sandbox).");
        await page.FillAsync("#LocalityQuery", "Bình Dương");
        await page.FillAsync("#Name", "Nguyễn Thị Lan");
        await page.FillAsync("#Email", "lan.nguyen@congty.example.vn");
        await page.FillAsync("#OrganizationName", "Công ty TNHH Công nghệ Sông Hồng");
        await page.FillAsync("#TaxCode", "0312345678-001");
        await page.CheckAsync("#Consent");
        await page.CheckAsync("#AllowPublish");

        var code = await SubmitAsync(page, "initiative-vi");

        Assert.StartsWith("SK-", code, StringComparison.Ordinal);
        var stored = await fixture.Portal.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking().SingleAsync(s => s.TrackingCode == code));
        Assert.Equal("0312345678-001", stored.Submitter.TaxCode);
        Assert.Equal("tp-hcm", stored.LocalityCode);
        Assert.True(stored.AllowPublish);
    }

    [Fact]
    public async Task A_citizen_submits_feedback_in_english()
    {
        var page = await fixture.NewPageAsync("en-GB");
        await page.GotoAsync("/submit/feedback");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Submit feedback", await page.TextContentAsync("h1"), StringComparison.Ordinal);

        await page.FillAsync("#Title", "The online public service portal times out at peak hours");
        await page.FillAsync("#Content", "Submitting a business registration online fails with a timeout between 8 and 10 in the morning.");
        await page.SelectOptionAsync("#Field", "the-che-chinh-sach");
        await page.FillAsync("#Name", "Jane Tran");
        await page.FillAsync("#Email", "jane.tran@example.com");
        await page.FillAsync("#Phone", "+84 903 123 456");
        await page.CheckAsync("#Consent");

        var code = await SubmitAsync(page, "feedback-en");

        Assert.StartsWith("PA-", code, StringComparison.Ordinal);
        Assert.Equal("en", await fixture.Portal.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions
            .Where(s => s.TrackingCode == code).Select(s => s.Language).SingleAsync()));
    }

    [Fact]
    public async Task A_form_with_errors_shows_the_summary_keeps_the_answers_and_refuses_a_renamed_executable()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/submit/feedback");
        await page.FillAsync("#Title", "Tiêu đề đủ dài để hợp lệ");
        await page.FillAsync("#Email", "khong-hop-le");
        var elf = new byte[64];
        elf[0] = 0x7F;
        elf[1] = (byte)'E';
        elf[2] = (byte)'L';
        elf[3] = (byte)'F';
        await page.SetInputFilesAsync("#Files", new FilePayload { Name = "bao-cao.pdf", MimeType = "application/pdf", Buffer = elf });
        await page.WaitForSelectorAsync("altcha-widget input[name=altcha]", new() { State = WaitForSelectorState.Attached, Timeout = Patience.BrowserStepMilliseconds });
        await page.ClickAsync("#submit");

        await page.WaitForSelectorAsync(".fp-error-summary");
        Assert.Equal("Tiêu đề đủ dài để hợp lệ", await page.InputValueAsync("#Title"));
        Assert.Contains("bao-cao.pdf", await page.TextContentAsync("#Files-error"), StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("#Email-error"), "other fields are reported in the same round");
        Assert.StartsWith("Lỗi", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.classList.contains('fp-error-summary')"));
        await BrowserFixture.ScreenshotAsync(page, "intake-errors-vi");
    }

    [Fact]
    public async Task The_same_form_posted_twice_at_once_creates_one_case_and_both_posts_reach_its_receipt()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/submit/feedback");
        var title = "Gửi trùng do bấm hai lần " + Guid.NewGuid().ToString("N")[..8];
        await page.FillAsync("#Title", title);
        await page.FillAsync("#Content", "Người dân bấm nút gửi hai lần khi mạng chậm; cổng chỉ được tạo một hồ sơ cho biểu mẫu này.");
        await page.SelectOptionAsync("#Field", "thu-tuc-hanh-chinh");
        await page.FillAsync("#Name", "Đỗ Thị Hoa");
        await page.FillAsync("#Email", "hoa.do@example.vn");
        await page.CheckAsync("#Consent");
        await page.WaitForSelectorAsync("altcha-widget input[name=altcha]", new() { State = WaitForSelectorState.Attached });

        // What a double click on a slow connection sends: the browser's own form data (one-time key,
        // antiforgery token and cookie, the one ALTCHA solution) posted twice before any answer.
        var urls = await page.EvaluateAsync<string[]>("""
            async () => {
                const form = document.querySelector('form.fp-form');
                const data = new FormData(form);
                data.set('ConfirmedNoDuplicate', 'true');
                const answers = await Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body: data })));
                return answers.map(a => a.url);
            }
            """);
        Assert.Equal(2, urls.Length);
        Assert.Matches(CodeUrl(), urls[0]);
        Assert.Equal(urls[0], urls[1]);
        var cases = await fixture.Portal.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.CountAsync(s => s.Title == title));
        Assert.Equal(1, cases);
    }

    /// <summary>Waits for the widget to verify (it renders its hidden field only then), submits, reads the confirmation.</summary>
    private static async Task<string> SubmitAsync(IPage page, string name)
    {
        await page.WaitForSelectorAsync("altcha-widget input[name=altcha]", new() { State = WaitForSelectorState.Attached, Timeout = Patience.BrowserStepMilliseconds });
        await page.ClickAsync("#submit");
        // Another test in this portal may have published a similar case: the similar-cases step
        // then comes first, and the person goes on with "submit anyway".
        await page.WaitForSelectorAsync("#tracking-code, #submit-anyway", new() { Timeout = Patience.BrowserStepMilliseconds });
        if (await page.IsVisibleAsync("#submit-anyway"))
        {
            await page.ClickAsync("#submit-anyway");
        }

        await page.WaitForURLAsync(CodeUrl(), new() { Timeout = Patience.BrowserStepMilliseconds });
        var code = (await page.TextContentAsync("#tracking-code"))!.Trim();
        Assert.Matches(CodePattern(), code);
        Assert.True(await page.IsVisibleAsync("button[data-copy-target=tracking-code]"), "the copy button is revealed by site.js");
        Assert.Contains($"/status/{code}", await page.TextContentAsync("#status-link"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "intake-" + name);
        return code;
    }

    [GeneratedRegex(@"/status/(PA|SK)-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}\?submitted=1$")]
    private static partial Regex CodeUrl();

    [GeneratedRegex(@"^(PA|SK)-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex CodePattern();
}
