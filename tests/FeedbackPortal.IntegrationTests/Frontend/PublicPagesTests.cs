using System.Net;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using FeedbackPortal.Web.Features.Home;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Frontend;

public sealed class FrontendPortalHost() : PortalHost(new PortalHostOptions());

/// <summary>Home figures, the privacy notice, the accessibility statement and the error pages.</summary>
public sealed class PublicPagesTests(FrontendPortalHost portal) : IClassFixture<FrontendPortalHost>
{
    private static async Task<string> GetAsync(HttpClient client, string path, string language, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=" + language);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode}\n{html}");
        return html;
    }

    [Fact]
    public async Task The_home_page_shows_headline_figures_computed_from_the_database()
    {
        using var client = portal.CreateClient();
        await client.SubmitAsync(PortalApi.Feedback());
        var figures = await portal.InScopeAsync(sp =>
        {
            // a fresh query, not the 60-second cached one
            var query = new HomeFiguresQuery(sp.GetRequiredService<PortalDbContext>(),
                new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions()));
            return query.GetAsync(CancellationToken.None);
        });
        Assert.True(figures.Received >= 1);

        var html = await GetAsync(client, "/", "vi");
        Assert.Contains("data-figure=\"received\"", html, StringComparison.Ordinal);
        Assert.Contains("Tra cứu tình trạng", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/submit/feedback\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/submit/initiative\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi", "Nghị định số 13/2023/NĐ-CP")]
    [InlineData("en", "Decree 13/2023/NĐ-CP")]
    public async Task The_privacy_notice_names_the_law_and_the_policy_version(string language, string law)
    {
        using var client = portal.CreateClient();
        var html = await GetAsync(client, "/privacy", language);
        Assert.Contains(law, html, StringComparison.Ordinal);
        Assert.Contains("2025-07", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi", "WCAG) 2.2")]
    [InlineData("en", "WCAG) 2.2")]
    public async Task The_accessibility_statement_states_the_target(string language, string target)
    {
        using var client = portal.CreateClient();
        var html = await GetAsync(client, "/accessibility", language);
        Assert.Contains(target, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi", "Không tìm thấy trang")]
    [InlineData("en", "Page not found")]
    public async Task An_unknown_page_gets_a_localised_404_page(string language, string title)
    {
        using var client = portal.CreateClient();
        var html = await GetAsync(client, "/no-such-page", language, HttpStatusCode.NotFound);
        Assert.Contains(title, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "Có quá nhiều yêu cầu")]
    [InlineData(500, "hệ thống đang gặp sự cố")]
    public async Task Error_pages_keep_their_status_code(int code, string text)
    {
        using var client = portal.CreateClient();
        var html = await GetAsync(client, $"/error/{code}", "vi", (HttpStatusCode)code);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_errors_stay_machine_readable()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("/api/v1/no-such-endpoint");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_is_a_plain_link_that_remembers_the_choice()
    {
        using var client = portal.CreateClient();
        var vi = await client.GetStringAsync("/privacy");
        Assert.Contains("<html lang=\"vi\">", vi, StringComparison.Ordinal);
        Assert.Contains("href=\"/language/en?returnUrl=%2Fprivacy\" lang=\"en\" hreflang=\"en\"", vi, StringComparison.Ordinal);

        // The cookie it sets makes the next pages English, and it goes back where it was.
        var en = await client.GetStringAsync("/language/en?returnUrl=%2Fprivacy");
        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("Privacy notice", en, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"vi\"", en, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_pages_use_the_staff_layout_and_public_pages_do_not()
    {
        using var client = portal.CreateClient();
        var login = await GetAsync(client, "/account/login", "vi");
        Assert.Contains("<body class=\"fp-staff\">", login, StringComparison.Ordinal);
        Assert.Contains("class=\"fp-staff-nav\"", login, StringComparison.Ordinal);

        var home = await GetAsync(client, "/", "vi");
        Assert.DoesNotContain("fp-staff", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/privacy\"", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/accessibility\"", home, StringComparison.Ordinal);
        Assert.Contains("class=\"fp-skip-link\"", home, StringComparison.Ordinal);
    }
}
