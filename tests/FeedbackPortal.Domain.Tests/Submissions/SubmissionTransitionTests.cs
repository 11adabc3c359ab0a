using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Tests.Submissions;

/// <summary>Every transition is allowed exactly in the statuses of its named set, and refused elsewhere.</summary>
public sealed class SubmissionTransitionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = T0.AddDays(21);

    private static readonly SubmissionStatus[] InitiativeOnly =
    [
        SubmissionStatus.UnderEvaluation, SubmissionStatus.AcceptedForPilot, SubmissionStatus.NotAdopted,
        SubmissionStatus.Piloting, SubmissionStatus.ScaledUp,
    ];

    public static TheoryData<string, SubmissionStatus> Cases()
    {
        var data = new TheoryData<string, SubmissionStatus>();
        foreach (var name in Transitions.Keys)
        {
            foreach (var status in SubmissionStatuses.All)
            {
                data.Add(name, status);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, (IReadOnlySet<SubmissionStatus> Allowed, bool Initiative, Action<Submission> Act)> Transitions = new()
    {
        ["route"] = (Submission.RoutableStates, false, s => s.Route("bo-khcn", 1, "rule", Deadline, T0)),
        ["assign"] = (Submission.AssignableStates, false, s => s.Assign("officer-2", "Cán bộ 2", "u", T0)),
        ["start"] = (Submission.StartableStates, false, s => s.StartWork("u", T0)),
        ["change_task"] = (Submission.TaskEditableStates, false, s => s.ChangeTask("Việc", "u", T0)),
        ["note"] = (Submission.NotableStates, false, s => s.AddNote("Ghi chú", "u", T0)),
        ["request_info"] = (Submission.InfoRequestableStates, false, s => s.RequestInformation("Hỏi", "u", T0)),
        ["receive_info"] = (Submission.InfoReceivableStates, false, s => s.ReceiveInformation("Đáp", Deadline, T0)),
        ["answer"] = (Submission.AnswerableStates, false, s => s.AnswerWith("Trả lời", "u", T0)),
        ["propose_answer"] = (Submission.ProposableStates, false, s => s.ProposeAnswer("Dự thảo", "u", T0)),
        ["close"] = (Submission.ClosableStates, false, s => s.Close("u", T0)),
        ["reject"] = (Submission.RejectableStates, false, s => s.Reject("Lý do", "u", T0)),
        ["merge"] = (Submission.MergeableStates, false, s => s.MergeInto("PA-26-AAAA-BBBB", "u", T0)),
        ["transfer"] = (Submission.TransferableStates, false, s => s.Transfer("vpcp", "Lý do", Deadline, "u", T0)),
        ["withdraw"] = (Submission.WithdrawableStates, false, s => s.Withdraw(T0)),
        ["reopen"] = (Submission.ReopenableStates, false, s => s.Reopen("Lý do", Deadline, "u", T0)),
        ["remind"] = (Submission.RemindableStates, false, s => s.RecordReminder("due_soon", T0)),
        ["escalate"] = (Submission.EscalatableStates, false, s => s.Escalate(1, "head", Deadline.AddDays(1))),
        ["evaluate"] = (Submission.EvaluableStates, true, s => s.Evaluate(70, "Ghi chú", "u", T0)),
        ["accept"] = (Submission.DecidableStates, true, s => s.AcceptForPilot("Lý do", "u", T0)),
        ["decline"] = (Submission.DecidableStates, true, s => s.DeclineAdoption("Lý do", "u", T0)),
        ["pilot"] = (Submission.PilotableStates, true, s => s.StartPilot("Thí điểm", "u", T0)),
        ["scale_up"] = (Submission.ScalableStates, true, s => s.ScaleUp("Nhân rộng", "u", T0)),
        ["publish"] = (Submission.PublishableStates, false, s => s.ApprovePublication("Tiêu đề", "Nội dung", "Trả lời", "u", T0)),
        ["erase"] = (Submission.ErasableStates, false, s => s.ErasePersonalData(T0)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_transition_is_allowed_only_from_its_named_statuses(string transition, SubmissionStatus status)
    {
        var (allowed, initiativeOnly, act) = Transitions[transition];
        var initiative = initiativeOnly || InitiativeOnly.Contains(status);
        var s = SubmissionFactory.InStatus(status, initiative ? SubmissionKind.Initiative : SubmissionKind.Feedback);
        var events = s.Timeline.Count;
        if (allowed.Contains(status))
        {
            act(s);
            Assert.True(s.Timeline.Count > events, "a timeline event is recorded");
        }
        else
        {
            var ex = Assert.Throws<WorkflowException>(() => act(s));
            Assert.StartsWith("status_not_allowed.", ex.Code, StringComparison.Ordinal);
            Assert.Equal(status, s.Status);
            Assert.Equal(events, s.Timeline.Count);
        }
    }

    [Fact]
    public void Initiative_transitions_are_refused_for_feedback()
    {
        var s = SubmissionFactory.InStatus(SubmissionStatus.InProgress, SubmissionKind.Feedback);
        Assert.Equal("kind_not_allowed.evaluate", Assert.Throws<WorkflowException>(() => s.Evaluate(50, "n", "u", T0)).Code);
    }

    [Fact]
    public void A_proposed_answer_stays_internal_until_the_head_approves_it()
    {
        var s = SubmissionFactory.InStatus(SubmissionStatus.InProgress, SubmissionKind.Feedback);
        Assert.Equal("approve_answer.nothing_pending", Assert.Throws<WorkflowException>(() => s.ApproveAnswer("head", T0)).Code);
        s.ProposeAnswer("Dự thảo", "officer", T0);
        Assert.Equal(SubmissionStatus.InProgress, s.Status);
        Assert.Null(s.Answer);
        Assert.False(s.Timeline[^1].IsPublic);
        s.ApproveAnswer("head", T0.AddHours(1));
        Assert.Equal(SubmissionStatus.Answered, s.Status);
        Assert.Equal("Dự thảo", s.Answer);
        Assert.False(s.AwaitsApproval);
        Assert.Equal(TimelineEventType.Answered, s.Timeline[^1].Type);
        Assert.Equal(TimelineEventType.AnswerApproved, s.Timeline[^2].Type);
    }

    [Fact]
    public void Escalation_needs_an_overdue_case_and_only_goes_up()
    {
        var s = SubmissionFactory.InStatus(SubmissionStatus.InProgress, SubmissionKind.Feedback);
        Assert.Equal("escalate.not_overdue", Assert.Throws<WorkflowException>(() => s.Escalate(1, "n", T0)).Code);
        Assert.Equal("escalate.level", Assert.Throws<WorkflowException>(() => s.Escalate(3, "n", Deadline.AddDays(1))).Code);
        s.Escalate(1, "head", Deadline.AddDays(1));
        Assert.Equal(1, s.EscalationLevel);
        Assert.Equal("escalate.level", Assert.Throws<WorkflowException>(() => s.Escalate(1, "n", Deadline.AddDays(2))).Code);
        s.Escalate(2, "coordinators", Deadline.AddDays(4));
        Assert.Equal(2, s.EscalationLevel);
        Assert.Equal(Deadline.AddDays(4), s.LastEscalatedAt);
    }

    [Fact]
    public void Needs_info_pauses_the_clock_so_the_case_is_not_overdue()
    {
        var s = SubmissionFactory.InStatus(SubmissionStatus.InProgress, SubmissionKind.Feedback);
        s.RequestInformation("Hỏi", "u", T0.AddDays(1));
        Assert.Equal(T0.AddDays(1), s.ClockPausedAt);
        Assert.False(s.IsOverdue(Deadline.AddDays(10)));
        Assert.Throws<WorkflowException>(() => s.Escalate(1, "n", Deadline.AddDays(10)));
        s.ReceiveInformation("Đáp", Deadline.AddDays(20), Deadline.AddDays(10));
        Assert.Null(s.ClockPausedAt);
        Assert.Equal(SubmissionStatus.InProgress, s.Status);
        Assert.Equal(Deadline.AddDays(20), s.Deadline);
        Assert.False(s.IsOverdue(Deadline.AddDays(11)));
        Assert.True(s.IsOverdue(Deadline.AddDays(21)));
    }
}
