namespace FeedbackPortal.Domain.Submissions;

public sealed partial class Submission
{
    // Named sets of statuses from which each transition is allowed (cf. e-petitions' MODERATABLE_STATES).
    public static readonly IReadOnlySet<SubmissionStatus> RoutableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.Received };

    public static readonly IReadOnlySet<SubmissionStatus> DeliverableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.Routed, SubmissionStatus.Transferred };

    /// <summary>Cases an agency holds and still has to work on.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> WorkableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Delivered, SubmissionStatus.InProgress, SubmissionStatus.NeedsInfo,
        SubmissionStatus.UnderEvaluation,
    };

    public static readonly IReadOnlySet<SubmissionStatus> TransferableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Routed, SubmissionStatus.Transferred, SubmissionStatus.Delivered,
        SubmissionStatus.InProgress, SubmissionStatus.NeedsInfo, SubmissionStatus.UnderEvaluation,
    };

    public static readonly IReadOnlySet<SubmissionStatus> StartableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.Delivered };

    public static readonly IReadOnlySet<SubmissionStatus> InfoRequestableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Delivered, SubmissionStatus.InProgress, SubmissionStatus.UnderEvaluation,
    };

    public static readonly IReadOnlySet<SubmissionStatus> AnswerableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Delivered, SubmissionStatus.InProgress, SubmissionStatus.NeedsInfo,
    };

    public static readonly IReadOnlySet<SubmissionStatus> ClosableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Answered, SubmissionStatus.NotAdopted, SubmissionStatus.ScaledUp,
    };

    /// <summary>Rejection and merging end a case the agency holds; same states as transfer.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> RejectableStates = TransferableStates;

    public static readonly IReadOnlySet<SubmissionStatus> MergeableStates = TransferableStates;

    public static readonly IReadOnlySet<SubmissionStatus> WithdrawableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Received, SubmissionStatus.Routed, SubmissionStatus.Transferred,
        SubmissionStatus.Delivered, SubmissionStatus.InProgress, SubmissionStatus.NeedsInfo,
        SubmissionStatus.UnderEvaluation,
    };

    public static readonly IReadOnlySet<SubmissionStatus> ReopenableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Answered, SubmissionStatus.Closed, SubmissionStatus.Rejected, SubmissionStatus.NotAdopted,
        SubmissionStatus.Merged,
    };

    public static readonly IReadOnlySet<SubmissionStatus> AssignableStates = WorkableStates;

    public static readonly IReadOnlySet<SubmissionStatus> TaskEditableStates = WorkableStates;

    public static readonly IReadOnlySet<SubmissionStatus> InfoReceivableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.NeedsInfo };

    /// <summary>Notes are internal working papers: allowed on any case an agency has received.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> NotableStates =
        new HashSet<SubmissionStatus>(SubmissionStatuses.All.Where(s => s is not SubmissionStatus.Received));

    public static readonly IReadOnlySet<SubmissionStatus> EvaluableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Delivered, SubmissionStatus.InProgress, SubmissionStatus.UnderEvaluation,
    };

    /// <summary>Routing: the first agency is decided (by a rule, or central triage when none matched).</summary>
    public void Route(string agencyCode, int? ruleId, string ruleDescription, DateTimeOffset deadline, DateTimeOffset at)
    {
        Require(RoutableStates, "route");
        AgencyCode = agencyCode;
        RoutingRuleId = ruleId;
        Deadline = deadline;
        Status = SubmissionStatus.Routed;
        Record(TimelineEventType.Routed, at, SystemActor, isPublic: true, internalNote: ruleDescription, ruleId: ruleId);
    }

    /// <summary>
    /// The agency's queue was consumed. Returns false when the case was already delivered to that
    /// agency: a redelivered message changes nothing.
    /// </summary>
    public bool Deliver(string agencyCode, DateTimeOffset at, string actor = SystemActor)
    {
        if (!DeliverableStates.Contains(Status))
        {
            return false;
        }

        if (!string.Equals(agencyCode, AgencyCode, StringComparison.Ordinal))
        {
            // A message for an agency the case has since been transferred away from.
            return false;
        }

        Status = SubmissionStatus.Delivered;
        Record(TimelineEventType.Delivered, at, actor, isPublic: true);
        return true;
    }

    /// <summary>Hand the case to another agency, always with a public reason; its clock restarts.</summary>
    public void Transfer(string toAgencyCode, string reason, DateTimeOffset newDeadline, string actor, DateTimeOffset at)
    {
        Require(TransferableStates, "transfer");
        var why = RequireText(reason, "reason");
        if (string.Equals(toAgencyCode, AgencyCode, StringComparison.Ordinal))
        {
            throw new WorkflowException("transfer.same_agency", "The case is already with that agency.");
        }

        AgencyCode = toAgencyCode;
        Deadline = newDeadline;
        ClockPausedAt = null;
        AssigneeId = null;
        AssigneeName = null;
        EscalationLevel = 0;
        Status = SubmissionStatus.Transferred;
        Record(TimelineEventType.Transferred, at, actor, isPublic: true, publicNote: why);
    }

    public void Assign(string assigneeId, string assigneeName, string actor, DateTimeOffset at)
    {
        Require(AssignableStates, "assign");
        if (AssigneeId == assigneeId)
        {
            return;
        }

        AssigneeId = assigneeId;
        AssigneeName = assigneeName;
        Record(TimelineEventType.Assigned, at, actor, isPublic: false, internalNote: assigneeName);
    }

    public void StartWork(string actor, DateTimeOffset at)
    {
        Require(StartableStates, "start");
        Status = SubmissionStatus.InProgress;
        Record(TimelineEventType.WorkStarted, at, actor, isPublic: true);
    }

    public void ChangeTask(string task, string actor, DateTimeOffset at)
    {
        Require(TaskEditableStates, "change_task");
        Task = RequireText(task, "task");
        Record(TimelineEventType.TaskChanged, at, actor, isPublic: false, internalNote: Task);
    }

    public void AddNote(string note, string actor, DateTimeOffset at)
    {
        Require(NotableStates, "note");
        Record(TimelineEventType.NoteAdded, at, actor, isPublic: false, internalNote: RequireText(note, "note"));
    }

    /// <summary>Ask the submitter for more information; the deadline clock pauses until they answer.</summary>
    public void RequestInformation(string question, string actor, DateTimeOffset at)
    {
        Require(InfoRequestableStates, "request_info");
        var text = RequireText(question, "question");
        ClockPausedAt = at;
        Status = SubmissionStatus.NeedsInfo;
        Record(TimelineEventType.InformationRequested, at, actor, isPublic: true, publicNote: text);
    }

    /// <summary>The submitter answered; the caller gives the deadline moved by the paused working days.</summary>
    public void ReceiveInformation(string information, DateTimeOffset resumedDeadline, DateTimeOffset at)
    {
        Require(InfoReceivableStates, "receive_info");
        var text = RequireText(information, "information");
        ClockPausedAt = null;
        Deadline = resumedDeadline;
        Status = Kind == SubmissionKind.Initiative && _timeline.Any(e => e.Type == TimelineEventType.Evaluated)
            ? SubmissionStatus.UnderEvaluation
            : SubmissionStatus.InProgress;
        Record(TimelineEventType.InformationReceived, at, SubmitterActor, isPublic: true, internalNote: text);
    }

    public void AnswerWith(string answer, string actor, DateTimeOffset at)
    {
        Require(AnswerableStates, "answer");
        Answer = RequireText(answer, "answer");
        PublicAnswer = null; // a new answer is published only after its own approval
        AnsweredAt = at;
        ClockPausedAt = null;
        PendingAnswer = null;
        PendingAnswerBy = null;
        ReviewRequestedAt = null;
        Status = SubmissionStatus.Answered;
        Record(TimelineEventType.Answered, at, actor, isPublic: true, publicNote: Answer);
    }

    public void Close(string actor, DateTimeOffset at)
    {
        Require(ClosableStates, "close");
        Status = SubmissionStatus.Closed;
        Record(TimelineEventType.Closed, at, actor, isPublic: true);
    }

    public void Reject(string reason, string actor, DateTimeOffset at)
    {
        Require(RejectableStates, "reject");
        RejectionReason = RequireText(reason, "reason");
        Status = SubmissionStatus.Rejected;
        Record(TimelineEventType.Rejected, at, actor, isPublic: true, publicNote: RejectionReason);
    }

    /// <summary>Mark as a duplicate: the public status of this case then points to the original.</summary>
    public void MergeInto(string originalTrackingCode, string actor, DateTimeOffset at)
    {
        Require(MergeableStates, "merge");
        if (originalTrackingCode == TrackingCode)
        {
            throw new WorkflowException("merge.self", "A case cannot be merged into itself.");
        }

        MergedIntoTrackingCode = originalTrackingCode;
        Status = SubmissionStatus.Merged;
        Record(TimelineEventType.Merged, at, actor, isPublic: true, publicNote: originalTrackingCode);
    }

    public void Withdraw(DateTimeOffset at)
    {
        Require(WithdrawableStates, "withdraw");
        Status = SubmissionStatus.Withdrawn;
        Record(TimelineEventType.Withdrawn, at, SubmitterActor, isPublic: true);
    }

    public void Reopen(string reason, DateTimeOffset newDeadline, string actor, DateTimeOffset at)
    {
        Require(ReopenableStates, "reopen");
        var why = RequireText(reason, "reason");
        Status = SubmissionStatus.InProgress;
        Deadline = newDeadline;
        RejectionReason = null;
        MergedIntoTrackingCode = null;
        EscalationLevel = 0;
        LastEscalatedAt = null;
        Record(TimelineEventType.Reopened, at, actor, isPublic: true, publicNote: why);
    }
}
