namespace FeedbackPortal.Domain.Submissions;

public enum SubmissionStatus
{
    Received = 1,
    Routed,
    Delivered,
    InProgress,
    NeedsInfo,
    Answered,
    Closed,
    Transferred,
    Merged,
    Rejected,
    Withdrawn,
    UnderEvaluation,
    AcceptedForPilot,
    NotAdopted,
    Piloting,
    ScaledUp,
}

/// <summary>The wire names of statuses (JSON, index, URLs): snake_case, stable.</summary>
public static class SubmissionStatuses
{
    private static readonly Dictionary<SubmissionStatus, string> Codes = new()
    {
        [SubmissionStatus.Received] = "received",
        [SubmissionStatus.Routed] = "routed",
        [SubmissionStatus.Delivered] = "delivered",
        [SubmissionStatus.InProgress] = "in_progress",
        [SubmissionStatus.NeedsInfo] = "needs_info",
        [SubmissionStatus.Answered] = "answered",
        [SubmissionStatus.Closed] = "closed",
        [SubmissionStatus.Transferred] = "transferred",
        [SubmissionStatus.Merged] = "merged",
        [SubmissionStatus.Rejected] = "rejected",
        [SubmissionStatus.Withdrawn] = "withdrawn",
        [SubmissionStatus.UnderEvaluation] = "under_evaluation",
        [SubmissionStatus.AcceptedForPilot] = "accepted_for_pilot",
        [SubmissionStatus.NotAdopted] = "not_adopted",
        [SubmissionStatus.Piloting] = "piloting",
        [SubmissionStatus.ScaledUp] = "scaled_up",
    };

    private static readonly Dictionary<string, SubmissionStatus> ByCode =
        Codes.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<SubmissionStatus> All => Codes.Keys;

    public static string Code(this SubmissionStatus status) => Codes[status];

    public static bool TryParse(string? code, out SubmissionStatus status) =>
        ByCode.TryGetValue(code?.Trim() ?? "", out status);

    /// <summary>Statuses after which the agency has nothing left to do.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> Finished = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Answered, SubmissionStatus.Closed, SubmissionStatus.Merged,
        SubmissionStatus.Rejected, SubmissionStatus.Withdrawn, SubmissionStatus.NotAdopted,
        SubmissionStatus.ScaledUp,
    };

    public static bool IsFinished(this SubmissionStatus status) => Finished.Contains(status);
}
