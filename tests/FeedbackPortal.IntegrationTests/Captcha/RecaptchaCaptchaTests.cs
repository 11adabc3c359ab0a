using System.Collections.Concurrent;
using System.Net;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.IntegrationTests.Captcha;

/// <summary>
/// A local stand-in for Google's siteverify: a real HTTP server on 127.0.0.1 answering like the
/// real one for a few well-known tokens, so the portal's HttpClient path is exercised end to end.
/// </summary>
public sealed class FakeSiteVerify : IAsyncDisposable
{
    public const string Secret = "test-recaptcha-secret";
    private readonly WebApplication _app;

    private FakeSiteVerify(WebApplication app) => _app = app;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Calls { get; } = new();

    public Uri Url => new(_app.Urls.First() + "/recaptcha/api/siteverify");

    public static async Task<FakeSiteVerify> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSiteVerify(app);
        app.MapPost("/recaptcha/api/siteverify", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            fake.Calls.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (form["secret"] != Secret)
            {
                return Results.Json(new Dictionary<string, object> { ["success"] = false, ["error-codes"] = new[] { "invalid-input-secret" } });
            }

            return form["response"].ToString() switch
            {
                "v2-good" => Results.Json(new Dictionary<string, object> { ["success"] = true, ["hostname"] = "localhost" }),
                "v3-good" => Results.Json(new Dictionary<string, object> { ["success"] = true, ["score"] = 0.9, ["action"] = "submit" }),
                "v3-low" => Results.Json(new Dictionary<string, object> { ["success"] = true, ["score"] = 0.2, ["action"] = "submit" }),
                "v3-other-action" => Results.Json(new Dictionary<string, object> { ["success"] = true, ["score"] = 0.9, ["action"] = "login" }),
                _ => Results.Json(new Dictionary<string, object> { ["success"] = false, ["error-codes"] = new[] { "invalid-input-response" } }),
            };
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The portal configured for reCAPTCHA against the fake siteverify.</summary>
public sealed class RecaptchaFixture : IAsyncLifetime
{
    public FakeSiteVerify SiteVerify { get; private set; } = null!;
    public PortalHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        SiteVerify = await FakeSiteVerify.StartAsync();
        Host = PortalHost.With(new PortalHostOptions
        {
            Settings =
            {
                ["Captcha:Provider"] = "Recaptcha",
                ["Captcha:Recaptcha:SiteKey"] = "test-site-key",
                ["Captcha:Recaptcha:SecretKey"] = FakeSiteVerify.Secret,
                ["Captcha:Recaptcha:VerifyUrl"] = SiteVerify.Url.ToString(),
                ["Captcha:Recaptcha:MinimumScore"] = "0.5",
            },
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Host).DisposeAsync();
        await SiteVerify.DisposeAsync();
    }
}

public sealed class RecaptchaCaptchaTests(RecaptchaFixture fixture) : IClassFixture<RecaptchaFixture>
{
    [Theory]
    [InlineData("v2-good")]
    [InlineData("v3-good")]
    public async Task A_token_google_confirms_is_accepted(string token)
    {
        using var client = fixture.Host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["g-recaptcha-response"] = token;

        using var response = await IntakeForms.PostAsync(client, "feedback", fields);

        IntakeForms.TrackingCodeFrom(response);
        Assert.Contains(fixture.SiteVerify.Calls, c => c["response"] == token && c["secret"] == FakeSiteVerify.Secret);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("v3-low")]
    [InlineData("v3-other-action")]
    [InlineData("")]
    public async Task A_token_google_refuses_or_scores_low_is_refused_and_nothing_is_stored(string token)
    {
        using var client = fixture.Host.CreateClient();
        var fields = IntakeForms.ValidFeedback();
        fields["g-recaptcha-response"] = token;
        var before = await IntakeForms.CountsAsync(fixture.Host);

        using var response = await IntakeForms.PostAsync(client, "feedback", fields, culture: "en");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("We could not verify that you are not a robot", html, StringComparison.Ordinal);
        Assert.Contains("class=\"g-recaptcha\" data-sitekey=\"test-site-key\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(fixture.Host));
    }
}
