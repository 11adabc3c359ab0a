using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Accessibility;

/// <summary>
/// Every public and staff page, in Vietnamese and in English, has zero axe-core WCAG 2.0/2.1/2.2
/// A and AA violations and the right <c>lang</c>. Main pages are also photographed at phone and
/// desktop width into tests/FeedbackPortal.BrowserTests/artifacts/.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed class PagesPassAxeTests(AccessibilityFixture portal)
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        string[] pages =
        [
            "home", "submit-feedback", "submit-feedback-errors", "submit-initiative", "confirmation", "status",
            "status-lookup", "status-not-found", "privacy", "accessibility", "not-found", "login", "login-error",
            "staff-inbox", "statistics", "statistics-agency", "report", "report-agency", "open-data",
        ];
        foreach (var language in new[] { "vi", "en" })
        {
            foreach (var page in pages)
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
        await using var context = await portal.NewContextAsync(language);
        var page = await context.NewPageAsync();
        await OpenAsync(page, name);

        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        await Axe.AssertNoViolationsAsync(page, $"{name} ({language})");

        await AccessibilityFixture.ScreenshotAsync(page, $"{name}.{language}.desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AccessibilityFixture.ScreenshotAsync(page, $"{name}.{language}.phone");
        // Reflow (WCAG 1.4.10): nothing wider than a phone screen, so no sideways scrolling.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} ({language}) scrolls sideways by {overflow}px at 390px width.");
    }

    private async Task OpenAsync(IPage page, string name)
    {
        var code = portal.TrackingCode;
        switch (name)
        {
            case "home": await GoAsync(page, "/"); break;
            case "submit-feedback": await GoAsync(page, "/submit/feedback"); break;
            case "submit-initiative": await GoAsync(page, "/submit/initiative"); break;
            case "submit-feedback-errors":
                await GoAsync(page, "/submit/feedback");
                await page.Locator("main form[method=post] button[type=submit]").Last.ClickAsync();
                await page.WaitForSelectorAsync(".fp-error-summary");
                break;
            case "confirmation": await GoAsync(page, $"/status/{code}?submitted=1"); break;
            case "status": await GoAsync(page, $"/status/{code}"); break;
            case "status-lookup": await GoAsync(page, "/status"); break;
            case "status-not-found": await GoAsync(page, "/status?code=PA-26-0000-0000", 404); break;
            case "privacy": await GoAsync(page, "/privacy"); break;
            case "statistics": await GoAsync(page, "/thong-ke?period=year"); break;
            case "statistics-agency": await GoAsync(page, "/thong-ke/co-quan/bo-khcn"); break;
            case "report": await GoAsync(page, "/bao-cao"); break;
            case "report-agency": await GoAsync(page, "/reports?agency=bo-khcn"); break;
            case "open-data": await GoAsync(page, "/du-lieu-mo"); break;
            case "accessibility": await GoAsync(page, "/accessibility"); break;
            case "not-found": await GoAsync(page, "/no-such-page", 404); break;
            case "login": await GoAsync(page, "/account/login"); break;
            case "login-error":
                await GoAsync(page, "/account/login");
                await page.FillAsync("#Email", "nobody@example.vn");
                await page.Locator("main form button[type=submit]").ClickAsync();
                await page.WaitForSelectorAsync(".fp-error-summary");
                break;
            case "staff-inbox":
                await AccessibilityFixture.SignInAsync(page, PortalApi.Officer(AccessibilityFixture.OfficerAgency));
                await GoAsync(page, "/staff/inbox");
                Assert.Contains(code, await page.InnerTextAsync("main"), StringComparison.Ordinal);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    private static async Task GoAsync(IPage page, string path, int expectedStatus = 200)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Status == expectedStatus, $"GET {path}: {response.Status}, expected {expectedStatus}");
    }
}
