using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Localization;

public sealed class LanguageTests(PortalHost host) : IClassFixture<PortalHost>
{
    [Fact]
    public async Task Pages_are_in_vietnamese_by_default()
    {
        var html = await host.CreateClient().GetStringAsync("/submit/feedback");

        Assert.Contains("<html lang=\"vi\"", html, StringComparison.Ordinal);
        Assert.Contains("Gửi phản ánh, kiến nghị", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_visible_switch_sets_english_for_the_following_pages()
    {
        var client = host.CreateClient();

        var afterSwitch = await client.GetAsync("/language/en?returnUrl=%2Fsubmit%2Ffeedback");
        var html = await afterSwitch.Content.ReadAsStringAsync();

        Assert.Equal("/submit/feedback", afterSwitch.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("Submit feedback or a petition", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browser_language_is_honoured_when_nothing_was_chosen()
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");

        Assert.Contains("<html lang=\"en\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_never_redirects_to_another_site()
    {
        var client = host.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/language/en?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
