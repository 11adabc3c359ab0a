using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests;

/// <summary>
/// Shared Playwright setup: the portal over real Kestrel (ALTCHA with a small MaxNumber, so the real
/// widget solves its challenge quickly in the page) and one Chromium per fixture; each test gets a
/// fresh browser context. Subclass and override <see cref="Settings"/> for other portal settings.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public PortalHost Portal { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Portal.ServerAddress!;

    /// <summary>Where screenshots go: tests/FeedbackPortal.BrowserTests/artifacts/.</summary>
    public static string ArtifactsDirectory =>
        Path.Combine(TestEnvironment.RepositoryRoot, "tests", "FeedbackPortal.BrowserTests", "artifacts");

    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Captcha:Provider"] = "Altcha",
        ["Captcha:Altcha:MaxNumber"] = "5000",
    };

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(TestEnvironment.Chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {TestEnvironment.Chromium} (set FP_TEST_CHROMIUM).");
        }

        Portal = PortalHost.With(new PortalHostOptions { Kestrel = true, Settings = Settings() });
        await Portal.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await BrowserDefaults.LaunchChromiumAsync(Playwright);
    }

    /// <summary>A new, isolated context (cookies, storage) and page; locale "vi-VN" by default.</summary>
    public async Task<IPage> NewPageAsync(string locale = "vi-VN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
        });
        context.WithPatience();
        return await context.NewPageAsync();
    }

    /// <summary>Full-page PNG under artifacts/, named by the caller; returns the path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var path = Path.Combine(ArtifactsDirectory, string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (Portal is not null)
        {
            await ((IAsyncLifetime)Portal).DisposeAsync();
        }
    }
}
