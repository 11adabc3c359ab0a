using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Captcha;

public enum RecaptchaVersion
{
    V2 = 2,
    V3 = 3,
}

/// <summary>Settings under "Captcha:Recaptcha".</summary>
public sealed class RecaptchaOptions
{
    public const string Section = "Captcha:Recaptcha";

    public RecaptchaVersion Version { get; set; } = RecaptchaVersion.V2;
    public string? SiteKey { get; set; }
    public string? SecretKey { get; set; }
    public string VerifyUrl { get; set; } = "https://www.google.com/recaptcha/api/siteverify";

    /// <summary>v3 only: answers scoring below this are refused (0.0 bot … 1.0 human).</summary>
    public double MinimumScore { get; set; } = 0.5;

    /// <summary>v3 only: the action the page executes; an answer for another action is refused.</summary>
    public string Action { get; set; } = "submit";
}

/// <summary>
/// Google reCAPTCHA v2/v3: the token posted by the widget is checked with the siteverify API.
/// If Google cannot be reached the post is refused (fail closed) and the person can retry.
/// </summary>
public sealed class RecaptchaVerifier(HttpClient http, IOptions<RecaptchaOptions> options) : ICaptchaVerifier
{
    public CaptchaProvider Provider => CaptchaProvider.Recaptcha;

    public string FormField => "g-recaptcha-response";

    public RecaptchaOptions Options => options.Value;

    public async Task<CaptchaResult> VerifyAsync(string? response, string? remoteIp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(response))
        {
            return CaptchaResult.Fail("missing");
        }

        if (response.Length > 4096)
        {
            return CaptchaResult.Fail("malformed");
        }

        var fields = new Dictionary<string, string>
        {
            ["secret"] = options.Value.SecretKey ?? "",
            ["response"] = response,
        };
        if (!string.IsNullOrEmpty(remoteIp))
        {
            fields["remoteip"] = remoteIp;
        }

        SiteVerifyAnswer? answer;
        try
        {
            using var content = new FormUrlEncodedContent(fields);
            using var reply = await http.PostAsync(new Uri(options.Value.VerifyUrl), content, cancellationToken);
            if (!reply.IsSuccessStatusCode)
            {
                return CaptchaResult.Fail("unavailable");
            }

            answer = await reply.Content.ReadFromJsonAsync<SiteVerifyAnswer>(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return CaptchaResult.Fail("unavailable");
        }

        if (answer is not { Success: true })
        {
            return CaptchaResult.Fail(answer?.ErrorCodes?.FirstOrDefault() ?? "invalid");
        }

        if (options.Value.Version == RecaptchaVersion.V3 || answer.Score is not null)
        {
            if (answer.Score is not { } score || score < options.Value.MinimumScore)
            {
                return CaptchaResult.Fail("low-score");
            }

            if (!string.IsNullOrEmpty(options.Value.Action) && !string.Equals(answer.Action, options.Value.Action, StringComparison.Ordinal))
            {
                return CaptchaResult.Fail("wrong-action");
            }
        }

        // Google accepts a token only once, so no replay record is needed here.
        return CaptchaResult.Ok;
    }

    private sealed class SiteVerifyAnswer
    {
        [JsonPropertyName("success")] public bool Success { get; set; }
        [JsonPropertyName("score")] public double? Score { get; set; }
        [JsonPropertyName("action")] public string? Action { get; set; }
        [JsonPropertyName("hostname")] public string? Hostname { get; set; }
        [JsonPropertyName("error-codes")] public string[]? ErrorCodes { get; set; }
    }
}
