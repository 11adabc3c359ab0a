using System.Text.RegularExpressions;
using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Accessibility;

/// <summary>
/// The pages the later features added — public case search, intake's similar-cases step and ALTCHA
/// widget, the submitter's information response, the 429 page, the officer's case, inbox views and
/// transfer form, the coordinator's routing, agencies, operations, audit and templates, the admin
/// pages, 2FA set-up — have zero axe-core WCAG A/AA violations in Vietnamese and in English.
/// </summary>
[Collection(PortalPagesCollection.Name)]
public sealed partial class FeaturePagesPassAxeTests(PortalPagesFixture portal)
{
    private const string AdminEmail = "admin@feedback.local";

    private static readonly string[] PageNames =
    [
        "cases-search", "cases-all", "submit-altcha", "similar-cases", "respond", "too-many-requests",
        "staff-case", "staff-case-contact", "staff-transfer", "staff-2fa",
        "inbox-new", "inbox-mine", "inbox-due-soon", "inbox-overdue", "inbox-needs-info", "inbox-answered", "inbox-all", "inbox-facets",
        "routing-rules", "routing-rule-new", "routing-rule-edit", "agencies", "agency-new", "agency-edit",
        "operations", "audit", "templates", "admin", "admin-create-errors",
    ];

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "vi", "en" })
        {
            foreach (var page in PageNames)
            {
                data.Add(page, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_accessibility_violations(string name, string language)
    {
        var page = await portal.NewPageInAsync(language);
        try
        {
            await OpenAsync(page, name);

            Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
            await Axe.AssertNoViolationsAsync(page, $"{name} ({language})");
            await BrowserFixture.ScreenshotAsync(page, $"{name}.{language}.desktop");
            await page.SetViewportSizeAsync(390, 844);
            await BrowserFixture.ScreenshotAsync(page, $"{name}.{language}.phone");
            // Reflow (WCAG 1.4.10): nothing wider than a phone screen, so no sideways scrolling.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{name} ({language}) scrolls sideways by {overflow}px at 390px width.");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task OpenAsync(IPage page, string name)
    {
        var code = portal.PublishedCode;
        var officer = PortalApi.Officer(PortalPagesFixture.Agency);
        switch (name)
        {
            case "cases-search":
                await GoAsync(page, "/cases?q=cau+the+huc&field=the-che-chinh-sach&status=delivered");
                Assert.Contains(code, await page.InnerTextAsync("main"), StringComparison.Ordinal);
                break;
            case "cases-all": await GoAsync(page, "/cases"); break;
            case "submit-altcha":
                await GoAsync(page, "/submit/feedback");
                await page.WaitForSelectorAsync("altcha-widget", new() { State = WaitForSelectorState.Attached });
                await Axe.AssertNoViolationsAsync(page, "the ALTCHA widget before it is solved");
                await page.FocusAsync("#Title");
                await WaitForAltchaAsync(page);
                break;
            case "similar-cases":
                await GoAsync(page, "/submit/feedback");
                await page.FillAsync("#Title", PortalPagesFixture.PublishedTitle);
                await page.FillAsync("#Content", "Lan can cầu Thê Húc bị gãy, cần sửa chữa gấp để bảo đảm an toàn cho người đi bộ.");
                await page.SelectOptionAsync("#Field", "the-che-chinh-sach");
                await page.FillAsync("#Name", "Trần Thị Bình");
                await page.FillAsync("#Email", "binh.tran@example.vn");
                await page.CheckAsync("#Consent");
                await WaitForAltchaAsync(page);
                await page.ClickAsync("#submit");
                await page.WaitForSelectorAsync("#similar-cases");
                break;
            case "respond": await GoAsync(page, portal.RespondPath); break;
            case "too-many-requests":
                await GoAsync(page, "/submit/feedback");
                // Spend the form-post burst (3 per 5 s in this fixture) from the page, then post the form for real.
                await page.EvaluateAsync(@"async () => {
                    const form = document.querySelector('main form[method=post]');
                    for (let i = 0; i < 10; i++) {
                        const r = await fetch(form.action, { method: 'POST', body: new FormData(form) });
                        if (r.status === 429) return;
                    }
                }");
                var response = await page.RunAndWaitForResponseAsync(
                    () => page.EvaluateAsync(@"() => {
                        const form = document.querySelector('main form[method=post]');
                        form.action = '/submit/feedback?throttled=1';
                        HTMLFormElement.prototype.submit.call(form); // skips the widget's submit handler
                    }"),
                    r => r.Request.Method == "POST" && r.Url.Contains("throttled=1", StringComparison.Ordinal));
                Assert.Equal(429, response.Status);
                await page.WaitForURLAsync(url => url.Contains("throttled=1", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load });
                break;
            case "staff-case":
                await SignInAsync(page, officer);
                await GoAsync(page, $"/staff/cases/{code}");
                break;
            case "staff-case-contact":
                await SignInAsync(page, officer);
                await GoAsync(page, $"/staff/cases/{code}?contact=true");
                break;
            case "staff-transfer":
                await SignInAsync(page, officer);
                await GoAsync(page, $"/staff/cases/{code}/transfer");
                break;
            case "staff-2fa":
                await SignInAsync(page, officer);
                await GoAsync(page, "/account/2fa");
                break;
            case "inbox-facets":
                await SignInAsync(page, officer);
                await GoAsync(page, "/staff/inbox?view=all&q=cau+the+huc&status=delivered&field=the-che-chinh-sach");
                break;
            case var inbox when inbox.StartsWith("inbox-", StringComparison.Ordinal):
                await SignInAsync(page, officer);
                await GoAsync(page, "/staff/inbox?view=" + inbox["inbox-".Length..]);
                break;
            case "routing-rules": await AsCoordinatorAsync(page, "/staff/routing-rules"); break;
            case "routing-rule-new": await AsCoordinatorAsync(page, "/staff/routing-rules/new"); break;
            case "routing-rule-edit":
                await AsCoordinatorAsync(page, "/staff/routing-rules");
                var href = RuleLink().Match(await page.ContentAsync());
                Assert.True(href.Success, "the routing rules page links to an existing rule");
                await GoAsync(page, href.Value);
                break;
            case "agencies": await AsCoordinatorAsync(page, "/staff/agencies"); break;
            case "agency-new": await AsCoordinatorAsync(page, "/staff/agencies/new"); break;
            case "agency-edit": await AsCoordinatorAsync(page, "/staff/agencies/" + PortalPagesFixture.Agency); break;
            case "operations": await AsCoordinatorAsync(page, "/staff/operations"); break;
            case "audit": await AsCoordinatorAsync(page, "/staff/audit"); break;
            case "templates": await AsCoordinatorAsync(page, "/staff/templates"); break;
            case "admin":
                await SignInAsync(page, AdminEmail);
                await GoAsync(page, "/staff/admin");
                break;
            case "admin-create-errors":
                await SignInAsync(page, AdminEmail);
                await GoAsync(page, "/staff/admin");
                await page.Locator("form[action='/staff/admin/staff'] button[type=submit]").ClickAsync();
                await page.WaitForLoadStateAsync();
                break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    private static async Task AsCoordinatorAsync(IPage page, string path)
    {
        await SignInAsync(page, PortalApi.Coordinator);
        await GoAsync(page, path);
    }

    private static Task SignInAsync(IPage page, string email) => AccessibilityFixture.SignInAsync(page, email);

    private static Task WaitForAltchaAsync(IPage page) =>
        page.WaitForSelectorAsync("altcha-widget input[name=altcha]", new() { State = WaitForSelectorState.Attached, Timeout = Patience.BrowserStepMilliseconds });

    private static async Task GoAsync(IPage page, string path, int expectedStatus = 200)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Status == expectedStatus, $"GET {path}: {response.Status}, expected {expectedStatus}");
    }

    [GeneratedRegex(@"/staff/routing-rules/\d+")]
    private static partial Regex RuleLink();
}
