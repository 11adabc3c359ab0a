namespace FeedbackPortal.Contracts;

/// <summary>
/// An e-mail to send. <see cref="NotificationId"/> makes sending idempotent: a redelivered request
/// for an id already sent sends nothing.
/// </summary>
public sealed record NotificationRequested(
    Guid NotificationId,
    string Template,
    Guid? SubmissionId,
    string To,
    string Language,
    IReadOnlyDictionary<string, string> Values);
