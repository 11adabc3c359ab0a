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
