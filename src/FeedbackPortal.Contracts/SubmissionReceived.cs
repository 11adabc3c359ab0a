namespace FeedbackPortal.Contracts;

/// <summary>A submission was accepted and stored; routing and the receipt e-mail follow from it.</summary>
public sealed record SubmissionReceived(
    Guid SubmissionId,
    string TrackingCode,
    string Kind,
    DateTimeOffset ReceivedAt);
