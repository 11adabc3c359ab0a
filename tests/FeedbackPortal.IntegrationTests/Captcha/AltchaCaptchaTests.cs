using System.Net;
using System.Text.Json.Nodes;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Captcha;

public sealed class AltchaHost() : PortalHost(new PortalHostOptions
{
    Settings =
    {
        ["Captcha:Provider"] = "Altcha",
        ["Captcha:Altcha:HmacKey"] = "test-hmac-key-0123456789-0123456789-abcdef",
        ["Captcha:Altcha:MaxNumber"] = "2000", // the test brute-forces it like the widget
    },
});

public sealed class AltchaCaptchaTests(AltchaHost host) : IClassFixture<AltchaHost>
{
    [Fact]
    public async Task The_challenge_endpoint_answers_what_the_widget_expects_and_is_never_cached()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/captcha/challenge");
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("SHA-256", json["algorithm"]!.GetValue<string>());
        Assert.Equal(2000, json["maxnumber"]!.GetValue<int>());
        Assert.Matches(@"^[0-9a-f]{24}\?expires=\d+&$", json["salt"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", json["challenge"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", json["signature"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("X-Altcha-Config"));
    }

    [Fact]
    public async Task A_solved_challenge_is_accepted_once_and_a_reused_solution_is_refused()
    {
        using var client = host.NoRedirectClient();
        var payload = await AltchaSolver.SolvedPayloadAsync(client);
        var fields = IntakeForms.ValidFeedback("Lỗi cấp mã số định danh cá nhân cho trẻ em");
        fields["altcha"] = payload;

        using var first = await IntakeForms.PostAsync(client, "feedback", fields);
        IntakeForms.TrackingCodeFrom(first);
        var before = await IntakeForms.CountsAsync(host);

        using var again = await IntakeForms.PostAsync(client, "feedback", fields);
        var html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Chưa xác minh được Ông/Bà không phải là máy", html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
        var used = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().UsedCaptchas.CountAsync());
        Assert.True(used >= 1);
    }

    [Theory]
    [InlineData("vi", "Chưa xác minh được Ông/Bà không phải là máy")]
    [InlineData("en", "We could not verify that you are not a robot")]
    public async Task A_post_without_a_captcha_is_refused_in_the_right_language_and_nothing_is_stored(string culture, string message)
    {
        using var client = host.CreateClient();
        var before = await IntakeForms.CountsAsync(host);

        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), culture: culture);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("<altcha-widget", html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    public static TheoryData<string> Tampering => ["wrong-number", "moved-digits", "test-flag", "other-signature", "not-base64", "sha-512"];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_forged_or_tampered_solution_is_refused(string how)
    {
        using var client = host.CreateClient();
        var challenge = await AltchaSolver.ChallengeAsync(client);
        var number = AltchaSolver.Solve(challenge);
        var payload = how switch
        {
            "wrong-number" => AltchaSolver.Payload(challenge, number + 1),
            // Moving the first digit of the number into the expiry keeps SHA-256(salt+number) but breaks the salt format.
            "moved-digits" when number >= 10 => AltchaSolver.Payload(challenge, long.Parse(number.ToString()[1..]), p =>
                p["salt"] = challenge["salt"]!.GetValue<string>().TrimEnd('&') + number.ToString()[0]),
            "moved-digits" => AltchaSolver.Payload(challenge, number, p => p["salt"] = "ffff" + p["salt"]!.GetValue<string>()),
            "test-flag" => AltchaSolver.Payload(challenge, number, p => p["test"] = true),
            "other-signature" => AltchaSolver.Payload(challenge, number, p => p["signature"] = new string('0', 64)),
            "sha-512" => AltchaSolver.Payload(challenge, number, p => p["algorithm"] = "SHA-512"),
            _ => "%%%not base64%%%",
        };
        var fields = IntakeForms.ValidFeedback();
        fields["altcha"] = payload;
        var before = await IntakeForms.CountsAsync(host);

        using var response = await IntakeForms.PostAsync(client, "feedback", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    [Fact]
    public async Task An_expired_challenge_is_refused()
    {
        // A challenge signed with the same key but already expired, built as the server would.
        var captcha = host.Services.CreateScope().ServiceProvider.GetRequiredService<Infrastructure.Captcha.AltchaCaptcha>();
        var salt = $"{new string('a', 24)}?expires={DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}&";
        var challengeHash = Infrastructure.Captcha.AltchaCaptcha.Hash(salt, 7);
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("test-hmac-key-0123456789-0123456789-abcdef"), System.Text.Encoding.UTF8.GetBytes(challengeHash)));
        var challenge = new JsonObject { ["algorithm"] = "SHA-256", ["challenge"] = challengeHash, ["salt"] = salt, ["signature"] = signature };

        var result = await captcha.VerifyAsync(AltchaSolver.Payload(challenge, 7), null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("expired", result.ErrorCode);
    }
}

public sealed class CaptchaStartupTests
{
    [Fact]
    public void The_portal_refuses_to_start_in_production_with_captcha_none()
    {
        using var host = PortalHost.With(new PortalHostOptions { Environment = "Production", Settings = { ["Captcha:Provider"] = "None" } });
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        Assert.Contains("Captcha:Provider 'None'", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void The_portal_refuses_to_start_outside_development_without_an_altcha_key()
    {
        using var host = PortalHost.With(new PortalHostOptions { Environment = "Production", Settings = { ["Captcha:Provider"] = "Altcha" } });
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        Assert.Contains("Captcha:Altcha:HmacKey is required", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_an_altcha_key_is_generated_once_under_the_data_directory()
    {
        await using var host = PortalHost.With(new PortalHostOptions { Settings = { ["Captcha:Provider"] = "Altcha" } });
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/captcha/challenge");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keyFile = Path.Combine(host.DataDirectory, "altcha-hmac.key");
        Assert.True(File.Exists(keyFile));
        Assert.Matches("^[0-9a-f]{64}$", await File.ReadAllTextAsync(keyFile));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
