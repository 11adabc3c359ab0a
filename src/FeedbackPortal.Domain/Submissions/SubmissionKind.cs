namespace FeedbackPortal.Domain.Submissions;

public enum SubmissionKind
{
    Feedback = 1,
    Initiative = 2,
}

public static class SubmissionKinds
{
    public static string Code(this SubmissionKind kind) => kind switch
    {
        SubmissionKind.Feedback => "feedback",
        SubmissionKind.Initiative => "initiative",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Tracking-code prefix as in categories.json: PA (phản ánh), SK (sáng kiến).</summary>
    public static string TrackingPrefix(this SubmissionKind kind) => kind switch
    {
        SubmissionKind.Feedback => "PA",
        SubmissionKind.Initiative => "SK",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? code, out SubmissionKind kind)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "feedback": kind = SubmissionKind.Feedback; return true;
            case "initiative": kind = SubmissionKind.Initiative; return true;
            default: kind = default; return false;
        }
    }
}
