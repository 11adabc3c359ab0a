using System.Security.Cryptography;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using Microsoft.AspNetCore.DataProtection;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>
/// Protected hidden-field tokens that carry state between the steps of the no-JS form: files
/// already uploaded (staged on the server) and a captcha already passed (so the "similar cases"
/// step does not ask again; the pass is single-use like the solution it stands for).
/// </summary>
public sealed class IntakeTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private ITimeLimitedDataProtector Files => protection.CreateProtector("FeedbackPortal.Intake.StagedFiles.v1").ToTimeLimitedDataProtector();

    private ITimeLimitedDataProtector Captcha => protection.CreateProtector("FeedbackPortal.Intake.CaptchaPass.v1").ToTimeLimitedDataProtector();

    public string? ProtectFiles(IReadOnlyList<StagedAttachment> staged) =>
        staged.Count == 0 ? null : Files.Protect(JsonSerializer.Serialize(staged), clock.GetUtcNow().Add(Lifetime));

    public IReadOnlyList<StagedAttachment> UnprotectFiles(string? token) =>
        Unprotect<List<StagedAttachment>>(Files, token) ?? [];

    public string ProtectCaptcha(CaptchaResult passed, string kind)
    {
        var key = passed.ReplayKey ?? "pass:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow().AddMinutes(30);
        return Captcha.Protect(JsonSerializer.Serialize(new CaptchaPass(key, kind, passed.ReplayKeyExpires ?? expires)), expires);
    }

    public CaptchaResult? UnprotectCaptcha(string? token, string kind) =>
        Unprotect<CaptchaPass>(Captcha, token) is { } pass && pass.Kind == kind
            ? CaptchaResult.OkOnce(pass.Key, pass.Expires)
            : null;

    private static T? Unprotect<T>(ITimeLimitedDataProtector protector, string? token) where T : class
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(token));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record CaptchaPass(string Key, string Kind, DateTimeOffset Expires);
}
