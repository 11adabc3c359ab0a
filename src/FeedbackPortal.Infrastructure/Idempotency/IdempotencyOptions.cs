namespace FeedbackPortal.Infrastructure.Idempotency;

/// <summary>Settings under "Idempotency": how long intake keys are remembered.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>A retry with the same key within this time gets the original answer (Stripe keeps 24 h too).</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the clean-up job deletes expired keys.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
