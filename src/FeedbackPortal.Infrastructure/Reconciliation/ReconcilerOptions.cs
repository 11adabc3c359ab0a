namespace FeedbackPortal.Infrastructure.Reconciliation;

/// <summary>Settings under "Reconciler": the safety net that re-drives cases stuck in a stage.</summary>
public sealed class ReconcilerOptions
{
    public const string Section = "Reconciler";

    /// <summary>How often a pass runs (in one replica at a time).</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>
    /// A case counts as stuck once it has stayed this long in a stage (received, routed or transferred
    /// without delivery, no receipt, index behind). Keep it well above the longest normal queue backlog:
    /// a healthy system must never reach it.
    /// </summary>
    public int StuckAfterSeconds { get; set; } = 300;

    /// <summary>How far back the receipt and index checks look (the stage checks look at every open case).</summary>
    public int LookbackHours { get; set; } = 72;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    public TimeSpan StuckAfter => TimeSpan.FromSeconds(StuckAfterSeconds);

    public TimeSpan Lookback => TimeSpan.FromHours(LookbackHours);
}
