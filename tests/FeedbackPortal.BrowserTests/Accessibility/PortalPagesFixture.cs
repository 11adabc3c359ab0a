using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Accessibility;

/// <summary>
/// The portal with every feature's data for the staff, search and intake pages: the real ALTCHA
/// widget (small MaxNumber), form posts rate-limited over a short window (so the 429 page can be
/// reached without throttling the rest), a published case (delivered, publish allowed) routed to
/// bo-khcn, and a second case in needs_info with the submitter's response token from the pickup mail.
/// </summary>
public sealed partial class PortalPagesFixture : BrowserFixture
{
    public const string Agency = "bo-khcn";
    public const string PublishedTitle = "Cầu Thê Húc xuống cấp nghiêm trọng";

    public string PublishedCode { get; private set; } = "";
    public string NeedsInfoCode { get; private set; } = "";
    public string RespondPath { get; private set; } = "";

    protected override Dictionary<string, string?> Settings() => new(base.Settings())
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Forms:Burst"] = "3",
        ["RateLimits:Forms:BurstWindow"] = "00:00:05",
        ["RateLimits:Forms:Sustained"] = "10000",
        ["RateLimits:Status:Burst"] = "100000",
        ["RateLimits:Status:Sustained"] = "100000",
        ["RateLimits:Api:Burst"] = "100000",
        ["RateLimits:Api:Sustained"] = "100000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var client = Portal.CreateClient();
        PublishedCode = await client.SubmitAsync(PortalApi.Feedback(title: PublishedTitle,
            content: "Lan can cầu bị gãy nhiều đoạn, du khách đi lại rất nguy hiểm."));
        NeedsInfoCode = await client.SubmitAsync(PortalApi.Feedback(title: "Phần mềm khai báo đề tài khoa học báo lỗi khi nộp hồ sơ"));
        await client.WaitForStatusAsync(PublishedCode, "delivered", Patience.Background);
        await client.WaitForStatusAsync(NeedsInfoCode, "delivered", Patience.Background);
        using (var coordinator = Portal.CreateClient())
        {
            // Nothing is public before staff approve its public text.
            await coordinator.LoginAsync(PortalApi.Coordinator);
            await coordinator.ApprovePublicationAsync(PublishedCode);
        }

        using var ask = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agency/cases/{NeedsInfoCode}/request-info")
        {
            Content = JsonContent.Create(new { question = "Xin cung cấp ảnh chụp màn hình lỗi." }),
        };
        ask.Headers.Add("X-Api-Key", PortalApi.AgencyKey(Agency));
        using (var response = await client.SendAsync(ask))
        {
            response.EnsureSuccessStatusCode();
        }

        RespondPath = await Eventually.UntilAsync(() => Task.FromResult(FindRespondPath(NeedsInfoCode)), p => p.Length > 0,
            Patience.Background, "the information-request e-mail");
        await Eventually.UntilAsync(() => client.GetStringAsync($"/cases?q={Uri.EscapeDataString(PublishedTitle)}"),
            h => h.Contains(PublishedCode, StringComparison.Ordinal), Patience.Background, "the published case on /cases");
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A context in the given UI language, set the way the language switch sets it.</summary>
    public async Task<IPage> NewPageInAsync(string language, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = language == "en" ? "en-GB" : "vi-VN",
        });
        await context.AddCookiesAsync(
        [
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={language}|uic={language}", Url = BaseAddress.ToString() },
        ]);
        context.WithPatience();
        return await context.NewPageAsync();
    }

    /// <summary>The /status/{code}/respond?token=… path from the pickup-directory mail (any transfer encoding).</summary>
    private string FindRespondPath(string code)
    {
        var dir = Path.Combine(Portal.DataDirectory, "mail");
        if (!Directory.Exists(dir))
        {
            return "";
        }

        foreach (var file in Directory.GetFiles(dir, "*.eml"))
        {
            string raw;
            try
            {
                raw = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var text in Decodings(raw))
            {
                var match = RespondLink().Match(text);
                if (match.Success && match.Groups[1].Value == code)
                {
                    return match.Value;
                }
            }
        }

        return "";
    }

    private static IEnumerable<string> Decodings(string raw)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
        using var message = MimeKit.MimeMessage.Load(stream);
        yield return message.TextBody ?? "";
    }

    [GeneratedRegex(@"/status/(PA-[0-9A-Z-]+)/respond\?token=[A-Za-z0-9%_\-.~]+")]
    private static partial Regex RespondLink();
}

[CollectionDefinition(Name)]
public sealed class PortalPagesCollection : ICollectionFixture<PortalPagesFixture>
{
    public const string Name = "Browser: every feature's pages";
}
