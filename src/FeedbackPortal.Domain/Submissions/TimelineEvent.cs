namespace FeedbackPortal.Domain.Submissions;

public enum TimelineEventType
{
    Received = 1,
    Routed,
    Delivered,
    Transferred,
    Assigned,
    WorkStarted,
    InformationRequested,
    InformationReceived,
    Answered,
    Closed,
    Rejected,
    Merged,
    Withdrawn,
    Reopened,
    NoteAdded,
    TaskChanged,
    Evaluated,
    AcceptedForPilot,
    NotAdopted,
    PilotStarted,
    ScaledUp,
    Reminded,
    Escalated,
    Rated,
    AnswerProposed,
    AnswerApproved,
    PublicationApproved,
    ConsentWithdrawn,
    PersonalDataErased,
    ReviewRequested,
}

/// <summary>
/// One immutable entry of a case's history; the timeline is also the audit trail of the case.
/// Public events show on the status page; internal ones only to staff.
/// </summary>
public sealed class TimelineEvent
{
    private TimelineEvent()
    {
        Actor = string.Empty;
    }

    internal TimelineEvent(TimelineEventType type, SubmissionStatus status, DateTimeOffset at, string actor,
        bool isPublic, string? publicNote, string? internalNote, string? agencyCode, int? routingRuleId)
    {
        Id = Guid.CreateVersion7(at);
        Type = type;
        Status = status;
        At = at;
        Actor = actor;
        IsPublic = isPublic;
        PublicNote = publicNote;
        InternalNote = internalNote;
        AgencyCode = agencyCode;
        RoutingRuleId = routingRuleId;
    }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public TimelineEventType Type { get; private set; }

    /// <summary>The case's status after this event.</summary>
    public SubmissionStatus Status { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Who acted: "system", "submitter", a staff user id, or "agency:&lt;code&gt;". Never shown publicly.</summary>
    public string Actor { get; private set; }

    public bool IsPublic { get; private set; }
    public string? PublicNote { get; private set; }
    public string? InternalNote { get; private set; }

    /// <summary>The responsible agency after this event.</summary>
    public string? AgencyCode { get; private set; }

    /// <summary>For routing events: the rule that decided (null when nothing matched).</summary>
    public int? RoutingRuleId { get; private set; }

    /// <summary>
    /// Retention erasure: free-text notes may quote or name the submitter. The routing rule's
    /// description and assignment/escalation notes are the portal's own words and stay.
    /// </summary>
    internal void EraseNotes()
    {
        if (Type is TimelineEventType.Routed or TimelineEventType.Assigned or TimelineEventType.Reminded
            or TimelineEventType.Escalated or TimelineEventType.Merged)
        {
            return;
        }

        PublicNote = null;
        InternalNote = null;
    }
}
