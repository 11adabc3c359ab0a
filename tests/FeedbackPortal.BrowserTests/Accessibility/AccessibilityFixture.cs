using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Accessibility;

/// <summary>
/// One portal on real Kestrel and one headless Chromium (the system one, never a downloaded build)
/// for the accessibility and walking-skeleton browser tests, plus one case routed to bo-khcn so the
/// status page and the officer's inbox have content.
/// </summary>
public sealed class AccessibilityFixture : IAsyncLifetime
{
    public const string OfficerAgency = "bo-khcn";

    public PortalHost Host { get; } = PortalHost.With(new PortalHostOptions { Kestrel = true });

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A feedback case routed to <see cref="OfficerAgency"/>.</summary>
    public string TrackingCode { get; private set; } = "";

    public Uri BaseAddress => Host.ServerAddress!;

    /// <summary>Where screenshots go: tests/FeedbackPortal.BrowserTests/artifacts/ (git-ignored).</summary>
    public static string ArtifactsDirectory { get; } =
        Path.Combine(TestEnvironment.RepositoryRoot, "tests", "FeedbackPortal.BrowserTests", "artifacts");

    public async Task InitializeAsync()
    {
        if (!File.Exists(TestEnvironment.Chromium))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {TestEnvironment.Chromium} (FP_TEST_CHROMIUM). Install it: apt-get install chromium, or run tests/run-all.sh as root.");
        }

        await ((IAsyncLifetime)Host).InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await BrowserDefaults.LaunchChromiumAsync(Playwright);

        using var client = Host.CreateClient();
        TrackingCode = await client.SubmitAsync(PortalApi.Feedback(
            title: "Cổng dịch vụ công về chuyển đổi số bị gián đoạn giờ cao điểm",
            field: "the-che-chinh-sach"));
        await Eventually.UntilAsync(() => client.StatusAsync(TrackingCode),
            s => s.TryGetProperty("agency", out var a) && a.ValueKind != System.Text.Json.JsonValueKind.Null,
            Patience.Background, $"{TrackingCode} to be routed");
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A fresh browser context (own cookies) in the given UI language ("vi" or "en").</summary>
    public async Task<IBrowserContext> NewContextAsync(string language, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = language == "en" ? "en-GB" : "vi-VN",
        });
        // The same cookie the language switch sets, so every page opens in that language.
        await context.AddCookiesAsync(
        [
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={language}|uic={language}", Url = BaseAddress.ToString() },
        ]);
        context.WithPatience();
        return context;
    }

    /// <summary>Signs in through the login form, as a person would.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", PortalApi.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        await ((IAsyncLifetime)Host).DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<AccessibilityFixture>
{
    public const string Name = "Browser: accessibility";
}
