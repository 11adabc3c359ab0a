namespace FeedbackPortal.Infrastructure.Outbox;

/// <summary>Settings under "Outbox": how the dispatcher claims and sends rows.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// How long a dispatcher owns the rows it claimed. A crashed dispatcher's rows are picked up by
    /// another replica after this; it must comfortably exceed the time to send one batch.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Longest wait between polls when no commit signalled new rows (other processes' commits are only seen by polling).</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Rows claimed per round trip.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The outbox health check reports Degraded when the oldest undispatched row is older than this.</summary>
    public int BacklogWarningSeconds { get; set; } = 300;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMilliseconds);
}
