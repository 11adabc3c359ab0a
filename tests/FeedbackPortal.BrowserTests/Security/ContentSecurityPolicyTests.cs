using System.Text.RegularExpressions;
using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Security;

/// <summary>
/// The main pages under the real Content-Security-Policy in Chromium: no violation, no console error,
/// and the self-hosted ALTCHA widget (script, worker, challenge fetch, styles) still solves its challenge.
/// </summary>
public sealed partial class ContentSecurityPolicyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Recorder =
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

    [Fact]
    public async Task The_main_public_and_staff_pages_run_under_the_policy_without_violations()
    {
        var page = await fixture.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            // A 404 is not a policy problem: the deliberately missing page, and the browser's own /favicon.ico request.
            if (m.Type is "error" or "warning" && !m.Text.Contains("autocomplete", StringComparison.OrdinalIgnoreCase)
                && !m.Text.Contains("status of 404", StringComparison.Ordinal))
            {
                problems.Add($"{page.Url}: console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"{page.Url}: page error: {e}");
        await page.AddInitScriptAsync(Recorder);

        async Task VisitAsync(string path)
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            Assert.Contains("frame-ancestors 'none'", await response.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await CollectViolationsAsync(page, problems);
        }

        foreach (var path in new[] { "/", "/cases", "/status", "/privacy", "/accessibility", "/submit/initiative", "/khong-co-trang-nay" })
        {
            await VisitAsync(path);
        }

        // The form with the real ALTCHA widget: it must solve under the policy, and the submission go through.
        await VisitAsync("/submit/feedback");
        await page.FillAsync("#Title", "Đèn chiếu sáng công cộng không hoạt động trên phố Huế");
        await page.FillAsync("#Content", "Toàn bộ đèn chiếu sáng trên đoạn phố Huế từ Hàm Long đến Nguyễn Du không sáng từ ba ngày nay.");
        await page.SelectOptionAsync("#Field", "thu-tuc-hanh-chinh");
        await page.FillAsync("#Name", "Lê Thị Hoa");
        await page.FillAsync("#Email", "hoa.le@example.vn");
        await page.CheckAsync("#Consent");
        await page.WaitForSelectorAsync("altcha-widget input[name=altcha]", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#tracking-code, #submit-anyway", new() { Timeout = 60_000 });
        if (await page.IsVisibleAsync("#submit-anyway"))
        {
            await page.ClickAsync("#submit-anyway");
        }

        await page.WaitForURLAsync(StatusUrl(), new() { Timeout = 60_000 });
        await CollectViolationsAsync(page, problems);
        var code = (await page.TextContentAsync("#tracking-code"))!.Trim();

        // Staff: sign in, inbox, a case page.
        await VisitAsync("/account/login");
        await page.FillAsync("#Email", PortalApi.Coordinator);
        await page.FillAsync("#Password", PortalApi.Password);
        await page.ClickAsync("form[action='/account/login'] button[type=submit]");
        await page.WaitForURLAsync("**/staff/inbox**");
        await CollectViolationsAsync(page, problems);
        await VisitAsync($"/staff/cases/{code}");
        await VisitAsync("/staff/audit");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task An_inline_script_is_refused_by_the_policy()
    {
        // The negative control: the recorder sees a violation when there is one.
        var page = await fixture.NewPageAsync();
        await page.AddInitScriptAsync(Recorder);
        await page.GotoAsync("/privacy");
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s); }");
        await page.WaitForFunctionAsync("() => window.__violations.length > 0");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__ran === true"));
        Assert.Contains("script-src", string.Join(" ", await page.EvaluateAsync<string[]>("() => window.__violations")), StringComparison.Ordinal);
    }

    private static async Task CollectViolationsAsync(IPage page, List<string> problems)
    {
        foreach (var v in await page.EvaluateAsync<string[]>("() => window.__violations || []"))
        {
            problems.Add($"{page.Url}: CSP violation: {v}");
        }
    }

    [GeneratedRegex(@"/status/(PA|SK)-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}\?submitted=1$")]
    private static partial Regex StatusUrl();
}
