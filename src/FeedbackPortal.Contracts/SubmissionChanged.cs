namespace FeedbackPortal.Contracts;

/// <summary>
/// Something about a submission changed (status, assignment, answer, transfer, erasure). Carries only
/// the id: consumers read the current state from the database, so order and duplicates don't matter.
/// </summary>
public sealed record SubmissionChanged(
    Guid SubmissionId,
    string TrackingCode,
    string Change,
    DateTimeOffset ChangedAt);
