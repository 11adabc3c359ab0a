namespace FeedbackPortal.Domain.Submissions;

/// <summary>
/// Accountability around the workflow: answers awaiting a head's approval, reminders to the
/// assignee and escalation of overdue cases (level 1: agency head, level 2: coordinators).
/// </summary>
public sealed partial class Submission
{
    public const int HeadEscalation = 1;
    public const int CoordinatorEscalation = 2;

    /// <summary>Cases whose clock runs: they can be overdue, reminded and escalated.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> ClockRunningStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Routed, SubmissionStatus.Transferred, SubmissionStatus.Delivered,
        SubmissionStatus.InProgress, SubmissionStatus.UnderEvaluation,
    };

    public static readonly IReadOnlySet<SubmissionStatus> RemindableStates = ClockRunningStates;

    public static readonly IReadOnlySet<SubmissionStatus> EscalatableStates = ClockRunningStates;

    /// <summary>An officer's answer may wait for approval while the case could be answered.</summary>
    // Same states as AnswerableStates, spelled out: static fields of partial class files initialise in no set order.
    public static readonly IReadOnlySet<SubmissionStatus> ProposableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Delivered, SubmissionStatus.InProgress, SubmissionStatus.NeedsInfo,
    };

    /// <summary>The answer an officer proposed, waiting for the head's approval (internal until then).</summary>
    public string? PendingAnswer { get; private set; }

    /// <summary>Who proposed <see cref="PendingAnswer"/> (a staff user id).</summary>
    public string? PendingAnswerBy { get; private set; }

    public bool AwaitsApproval => PendingAnswer is not null;

    /// <summary>
    /// The agency requires its head to approve answers: the officer's text waits as an internal event;
    /// the status does not change (the public sees nothing until the head approves).
    /// </summary>
    public void ProposeAnswer(string answer, string actor, DateTimeOffset at)
    {
        Require(ProposableStates, "propose_answer");
        PendingAnswer = RequireText(answer, "answer");
        PendingAnswerBy = actor;
        Record(TimelineEventType.AnswerProposed, at, actor, isPublic: false, internalNote: PendingAnswer);
    }

    /// <summary>The head approves the pending answer, which then becomes the public answer.</summary>
    public void ApproveAnswer(string actor, DateTimeOffset at)
    {
        Require(ProposableStates, "approve_answer");
        if (PendingAnswer is null)
        {
            throw new WorkflowException("approve_answer.nothing_pending", "No answer is waiting for approval.");
        }

        var text = PendingAnswer;
        Record(TimelineEventType.AnswerApproved, at, actor, isPublic: false, internalNote: PendingAnswerBy);
        AnswerWith(text, actor, at);
    }

    /// <summary>The deadline job reminded the assignee; at most once a day is the caller's rule.</summary>
    public void RecordReminder(string note, DateTimeOffset at)
    {
        Require(RemindableStates, "remind");
        LastRemindedAt = at;
        Record(TimelineEventType.Reminded, at, SystemActor, isPublic: false, internalNote: note);
    }

    /// <summary>
    /// Escalate an overdue case one level up (1: agency head, 2: coordinators). Levels only go up;
    /// the escalation is visible to staff on the case.
    /// </summary>
    public void Escalate(int level, string note, DateTimeOffset at)
    {
        Require(EscalatableStates, "escalate");
        if (level is < HeadEscalation or > CoordinatorEscalation || level <= EscalationLevel)
        {
            throw new WorkflowException("escalate.level", $"Cannot escalate from level {EscalationLevel} to {level}.");
        }

        if (!IsOverdue(at))
        {
            throw new WorkflowException("escalate.not_overdue", "Only overdue cases are escalated.");
        }

        EscalationLevel = level;
        LastEscalatedAt = at;
        Record(TimelineEventType.Escalated, at, SystemActor, isPublic: false, internalNote: note);
    }
}
