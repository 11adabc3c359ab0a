namespace FeedbackPortal.Infrastructure.Captcha;

public enum CaptchaProvider
{
    Altcha = 1,
    Recaptcha,

    /// <summary>Development and tests only: the portal refuses to start with it in Production.</summary>
    None,
}

/// <param name="ReplayKey">
/// When set, the caller records it (as a <see cref="UsedCaptcha"/>) in the same transaction as what
/// the captcha protected, until <paramref name="ReplayKeyExpires"/>: a second use is then refused.
/// </param>
public sealed record CaptchaResult(bool Success, string? ErrorCode = null, string? ReplayKey = null, DateTimeOffset? ReplayKeyExpires = null)
{
    public static CaptchaResult Ok { get; } = new(true);

    public static CaptchaResult OkOnce(string replayKey, DateTimeOffset expires) => new(true, null, replayKey, expires);

    public static CaptchaResult Fail(string code) => new(false, code);
}

/// <summary>Checks the captcha answer posted with a form.</summary>
public interface ICaptchaVerifier
{
    CaptchaProvider Provider { get; }

    /// <summary>The form field the widget posts its answer in.</summary>
    string FormField { get; }

    Task<CaptchaResult> VerifyAsync(string? response, string? remoteIp, CancellationToken cancellationToken);
}

public sealed class NoCaptchaVerifier : ICaptchaVerifier
{
    public CaptchaProvider Provider => CaptchaProvider.None;
    public string FormField => "captcha";

    public Task<CaptchaResult> VerifyAsync(string? response, string? remoteIp, CancellationToken cancellationToken) =>
        Task.FromResult(CaptchaResult.Ok);
}
