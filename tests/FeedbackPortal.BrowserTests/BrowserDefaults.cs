using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests;

/// <summary>
/// One way to start Debian's Chromium and one set of timeouts for every fixture. Playwright waits on
/// conditions (an element, a URL, a load event) by itself; its default ceilings (30 s) are raised to
/// <see cref="Patience.BrowserStep"/>, because a page on a loaded two-core machine can take longer.
/// </summary>
public static class BrowserDefaults
{
    private static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"];

    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = Patience.BrowserStepMilliseconds,
        });
    }

    /// <summary>Actions, selectors and navigations of this context wait up to <see cref="Patience.BrowserStep"/>.</summary>
    public static IBrowserContext WithPatience(this IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetDefaultTimeout(Patience.BrowserStepMilliseconds);
        context.SetDefaultNavigationTimeout(Patience.BrowserStepMilliseconds);
        return context;
    }
}

/// <summary>Form submissions that must land on a given URL, with the page's own error in the failure.</summary>
public static class PageNavigation
{
    /// <summary>
    /// Clicks a submit button and waits for <paramref name="urlGlob"/>. When the server answers with
    /// an error page instead, the failure says which (status and the page's error summary), rather
    /// than only that a URL never came.
    /// </summary>
    public static async Task ClickAndWaitForUrlAsync(this IPage page, string selector, string urlGlob)
    {
        ArgumentNullException.ThrowIfNull(page);
        IResponse? last = null;
        void Remember(object? sender, IResponse r)
        {
            if (r.Request.IsNavigationRequest)
            {
                last = r;
            }
        }

        page.Response += Remember;
        try
        {
            await page.ClickAsync(selector);
            await page.WaitForURLAsync(urlGlob);
        }
        catch (PlaywrightException ex)
        {
            var errors = await page.Locator("[role=alert], .fp-error-summary, .fp-error-message").AllInnerTextsAsync();
            throw new Xunit.Sdk.XunitException(
                $"After clicking {selector} the page is {page.Url} (last navigation: {last?.Status} {last?.Url}), not {urlGlob}. " +
                $"Errors on the page: {string.Join(" | ", errors)}", ex);
        }
        finally
        {
            page.Response -= Remember;
        }
    }
}
