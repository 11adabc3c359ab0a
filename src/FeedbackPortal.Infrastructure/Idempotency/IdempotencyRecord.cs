namespace FeedbackPortal.Infrastructure.Idempotency;

/// <summary>
/// An intake request that created a case, remembered under the key its sender chose (the
/// <c>Idempotency-Key</c> header, or the one-time key of an HTML form) so that a retry gets the same
/// answer instead of a second case. Written in the same transaction as the case; the primary key
/// (scope, key) is what stops two concurrent requests with one key from both creating a case.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Whose keys these are: <c>api:&lt;client id&gt;</c>, <c>open311:&lt;client id&gt;</c> or <c>web</c>.</summary>
    public string Scope { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    /// <summary>SHA-256 of the request as understood (fields and files): the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public Guid SubmissionId { get; set; }

    /// <summary>The original answer, replayed as it was (status, Location, body).</summary>
    public int ResponseStatus { get; set; }

    public string? ResponseLocation { get; set; }

    public string? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
