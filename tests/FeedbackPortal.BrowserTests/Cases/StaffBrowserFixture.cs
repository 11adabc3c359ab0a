using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Cases;

/// <summary>
/// The portal on Kestrel plus the system Chromium driven by Playwright (never `playwright install`:
/// the browser is the Debian package at <see cref="TestEnvironment.Chromium"/>).
/// </summary>
public sealed class StaffBrowserFixture : IAsyncLifetime
{
    public PortalHost Host { get; } = PortalHost.With(new PortalHostOptions { Kestrel = true });
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Host.ServerAddress!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(TestEnvironment.Chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {TestEnvironment.Chromium} (set FP_TEST_CHROMIUM).");
        }

        await ((IAsyncLifetime)Host).InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await BrowserDefaults.LaunchChromiumAsync(Playwright);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "vi-VN" });
        return await context.WithPatience().NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await ((IAsyncLifetime)Host).DisposeAsync();
    }
}
