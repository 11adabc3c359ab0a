namespace FeedbackPortal.Domain.Submissions;

/// <summary>
/// A citizen's or business's feedback or initiative: the aggregate root. Workflow state changes only
/// through the transition methods (here and in Submission.Workflow.cs), each guarded by a named set of
/// allowed statuses and recorded as an immutable timeline event.
/// </summary>
public sealed partial class Submission
{
    public const string SystemActor = "system";
    public const string SubmitterActor = "submitter";

    private readonly List<TimelineEvent> _timeline = [];

    private Submission()
    {
        TrackingCode = string.Empty;
        Title = string.Empty;
        Content = string.Empty;
        FieldCode = string.Empty;
        Submitter = null!;
        ConsentPolicyVersion = string.Empty;
        Language = "vi";
    }

    public Guid Id { get; private set; }
    public string TrackingCode { get; private set; }
    public SubmissionKind Kind { get; private set; }
    public string Title { get; private set; }
    public string Content { get; private set; }
    public string FieldCode { get; private set; }
    public string? SystemCode { get; private set; }
    public string? LocalityCode { get; private set; }
    public string? CommuneWard { get; private set; }

    /// <summary>The commune (xã/phường/đặc khu) within <see cref="LocalityCode"/>, a code of the communes reference list.</summary>
    public string? CommuneCode { get; private set; }
    public string? ExpectedImpact { get; private set; }
    public string? SupportRequested { get; private set; }
    public Submitter Submitter { get; private set; }
    public string ConsentPolicyVersion { get; private set; }
    public DateTimeOffset ConsentedAt { get; private set; }
    public bool AllowPublish { get; private set; }

    /// <summary>The submitter's language, for e-mails: "vi" or "en".</summary>
    public string Language { get; private set; }

    /// <summary>Where it came from: "web", "api:&lt;client&gt;", "open311:&lt;client&gt;".</summary>
    public string Channel { get; private set; } = "web";

    public SubmissionStatus Status { get; private set; }
    public string? AgencyCode { get; private set; }
    public int? RoutingRuleId { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? Deadline { get; private set; }

    /// <summary>Set while the agency waits for the submitter (needs_info): the deadline clock is paused.</summary>
    public DateTimeOffset? ClockPausedAt { get; private set; }

    public string? AssigneeId { get; private set; }
    public string? AssigneeName { get; private set; }

    /// <summary>"Rõ việc": what the agency must do, editable by staff.</summary>
    public string? Task { get; private set; }

    /// <summary>"Rõ kết quả": the public answer or decision.</summary>
    public string? Answer { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? RejectionReason { get; private set; }
    public string? MergedIntoTrackingCode { get; private set; }
    public int EscalationLevel { get; private set; }
    public DateTimeOffset? LastEscalatedAt { get; private set; }
    public DateTimeOffset? LastRemindedAt { get; private set; }
    /// <summary>The latest rating's <see cref="SatisfactionLevel"/> (1 không hài lòng … 3 hài lòng); history in Ratings.</summary>
    public int? Satisfaction { get; private set; }

    /// <summary>Optimistic concurrency: two consumers or officers cannot both win a transition.</summary>
    public Guid Version { get; private set; }

    public IReadOnlyList<TimelineEvent> Timeline => _timeline;

    public static Submission Create(SubmissionDraft draft, string trackingCode, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var submission = new Submission
        {
            Id = Guid.CreateVersion7(at),
            TrackingCode = trackingCode,
            Kind = draft.Kind,
            Title = draft.Title.Trim(),
            Content = draft.Content.Trim(),
            FieldCode = draft.FieldCode,
            SystemCode = draft.SystemCode,
            LocalityCode = draft.LocalityCode,
            CommuneWard = draft.CommuneWard,
            CommuneCode = draft.LocalityCode is null ? null : draft.CommuneCode,
            ExpectedImpact = draft.ExpectedImpact,
            SupportRequested = draft.SupportRequested,
            Submitter = draft.Submitter,
            ConsentPolicyVersion = draft.ConsentPolicyVersion,
            ConsentedAt = at,
            AllowPublish = draft.AllowPublish,
            Language = draft.Language is "en" ? "en" : "vi",
            Channel = draft.Channel,
            Status = SubmissionStatus.Received,
            SubmittedAt = at,
            UpdatedAt = at,
            Version = Guid.NewGuid(),
        };
        submission.Record(TimelineEventType.Received, at, SubmitterActor, isPublic: true);
        return submission;
    }

    public bool IsFinished => Status.IsFinished();

    public bool IsOverdue(DateTimeOffset now) =>
        Deadline is { } deadline && !IsFinished && ClockPausedAt is null && now > deadline;

    private void Require(IReadOnlySet<SubmissionStatus> allowed, string action)
    {
        if (!allowed.Contains(Status))
        {
            throw new WorkflowException($"status_not_allowed.{action}",
                $"Cannot {action} a case in status '{Status.Code()}'.");
        }
    }

    private void RequireKind(SubmissionKind kind, string action)
    {
        if (Kind != kind)
        {
            throw new WorkflowException($"kind_not_allowed.{action}", $"Cannot {action} a {Kind.Code()}.");
        }
    }

    private static string RequireText(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new WorkflowException($"required.{what}", $"A {what} is required.");
        }

        return text.Trim();
    }

    private TimelineEvent Record(TimelineEventType type, DateTimeOffset at, string actor, bool isPublic,
        string? publicNote = null, string? internalNote = null, int? ruleId = null)
    {
        var e = new TimelineEvent(type, Status, at, actor, isPublic, publicNote, internalNote, AgencyCode, ruleId);
        _timeline.Add(e);
        UpdatedAt = at;
        Version = Guid.NewGuid();
        return e;
    }
}

/// <summary>What intake validated: everything needed to create a submission.</summary>
public sealed record SubmissionDraft(
    SubmissionKind Kind,
    string Title,
    string Content,
    string FieldCode,
    string? LocalityCode,
    Submitter Submitter,
    string ConsentPolicyVersion,
    bool AllowPublish,
    string Language,
    string Channel = "web",
    string? SystemCode = null,
    string? CommuneWard = null,
    string? ExpectedImpact = null,
    string? SupportRequested = null,
    string? CommuneCode = null);
