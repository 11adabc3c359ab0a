namespace FeedbackPortal.Infrastructure.Staff;

/// <summary>
/// One line of the append-only audit log: who did or saw what, when, from where. Nothing updates
/// or deletes entries; the only API is <see cref="Create"/> and reading.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
        Actor = string.Empty;
        Action = string.Empty;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>Staff user id, or the API client id.</summary>
    public string Actor { get; private set; }

    /// <summary>E-mail of the staff member or the API client's name: readable without a join.</summary>
    public string? ActorName { get; private set; }

    /// <summary>True when an agency system acted through the API.</summary>
    public bool IsApiClient { get; private set; }

    /// <summary>What happened, e.g. "case.answer", "case.view_contact", "admin.lock".</summary>
    public string Action { get; private set; }

    public string? TrackingCode { get; private set; }
    public string? Details { get; private set; }
    public string? IpAddress { get; private set; }
    public string? UserAgent { get; private set; }

    public static AuditEntry Create(DateTimeOffset at, string actor, string? actorName, bool isApiClient, string action,
        string? trackingCode, string? details, string? ipAddress, string? userAgent) => new()
    {
        At = at,
        Actor = actor,
        ActorName = actorName,
        IsApiClient = isApiClient,
        Action = action,
        TrackingCode = trackingCode,
        Details = Cut(details, 2000),
        IpAddress = Cut(ipAddress, 64),
        UserAgent = Cut(userAgent, 500),
    };

    private static string? Cut(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
