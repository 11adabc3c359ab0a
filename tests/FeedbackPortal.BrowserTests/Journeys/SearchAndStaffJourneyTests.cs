using FeedbackPortal.BrowserTests.Accessibility;
using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Journeys;

/// <summary>
/// Two journeys end to end in Chromium, photographed at phone and desktop width into artifacts/:
/// a citizen finds a published case by typing without diacritics and opens its status page; an
/// officer signs in, opens the inbox and then the case, whose page shows the “5 rõ” panel.
/// </summary>
[Collection(PortalPagesCollection.Name)]
public sealed class SearchAndStaffJourneyTests(PortalPagesFixture portal)
{
    public static TheoryData<string, int> Widths() => new() { { "phone", 390 }, { "desktop", 1280 } };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_citizen_finds_a_published_case_without_typing_diacritics_and_opens_its_status(string device, int width)
    {
        var page = await portal.NewPageInAsync("vi", width, 900);
        var code = portal.PublishedCode;

        await page.GotoAsync("/cases");
        await page.FillAsync("#q", "cau the huc");
        await page.Locator("main form:has(#q) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=cau", StringComparison.Ordinal));

        var result = page.Locator($"main a[href='/status/{code}']");
        Assert.Equal(PortalPagesFixture.PublishedTitle, (await result.First.InnerTextAsync()).Trim());
        await BrowserFixture.ScreenshotAsync(page, $"journey-cases-search.{device}");

        await result.First.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/status/{code}", StringComparison.Ordinal));
        Assert.Contains(code, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"journey-cases-status.{device}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task An_officer_signs_in_opens_the_inbox_and_the_case_with_its_five_clear_panel(string device, int width)
    {
        var page = await portal.NewPageInAsync("vi", width, 900);
        var code = portal.PublishedCode;

        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", PortalApi.Officer(PortalPagesFixture.Agency));
        await page.FillAsync("#Password", PortalApi.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));

        await page.GotoAsync("/staff/inbox?view=all");
        var row = page.Locator($"main a[href='/staff/cases/{code}']");
        await row.First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, $"journey-staff-inbox.{device}");

        await row.First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/staff/cases/{code}", StringComparison.Ordinal));
        var panel = page.Locator("#five-clear");
        Assert.True(await panel.IsVisibleAsync(), "the case page shows the “5 rõ” panel");
        Assert.Contains("5 rõ", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await panel.InnerTextAsync()));
        await BrowserFixture.ScreenshotAsync(page, $"journey-staff-case.{device}");
        await page.Context.CloseAsync();
    }
}
