namespace FeedbackPortal.Infrastructure.Captcha;

/// <summary>
/// A captcha solution that was accepted, kept until its challenge expires so that a second use is
/// refused on every replica. Written in the same transaction as the submission it protected.
/// </summary>
public sealed class UsedCaptcha
{
    public string Key { get; set; } = string.Empty;
    public DateTimeOffset ExpiresAt { get; set; }
}
