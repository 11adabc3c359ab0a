using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Tests.Submissions;

public sealed class SubmissionLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    internal static Submission NewFeedback(SubmissionKind kind = SubmissionKind.Feedback) => Submission.Create(
        new SubmissionDraft(kind, "Cổng dịch vụ công chậm", "Nội dung chi tiết về vấn đề chuyển đổi số.", "the-che-chinh-sach", null,
            new Submitter("Nguyễn Văn An", "an@example.vn", null, null, null), "2025-07", true, "vi"),
        TrackingCode.New(kind, Now), Now);

    [Fact]
    public void A_new_submission_is_received_with_one_public_event()
    {
        var s = NewFeedback();

        Assert.Equal(SubmissionStatus.Received, s.Status);
        var e = Assert.Single(s.Timeline);
        Assert.Equal(TimelineEventType.Received, e.Type);
        Assert.True(e.IsPublic);
    }

    [Fact]
    public void Routing_sets_the_agency_the_deadline_and_records_the_rule()
    {
        var s = NewFeedback();
        var deadline = Now.AddDays(21);

        s.Route("bo-khcn", 7, "Rule #7", deadline, Now);

        Assert.Equal(SubmissionStatus.Routed, s.Status);
        Assert.Equal("bo-khcn", s.AgencyCode);
        Assert.Equal(deadline, s.Deadline);
        Assert.Equal(7, s.Timeline[^1].RoutingRuleId);
        Assert.Equal("Rule #7", s.Timeline[^1].InternalNote);
    }

    [Fact]
    public void A_routed_case_cannot_be_routed_again()
    {
        var s = NewFeedback();
        s.Route("bo-khcn", 7, "Rule #7", Now.AddDays(21), Now);

        var error = Assert.Throws<WorkflowException>(() => s.Route("bo-y-te", 8, "Rule #8", Now.AddDays(21), Now));
        Assert.Equal("status_not_allowed.route", error.Code);
    }

    [Fact]
    public void Delivering_twice_records_one_event()
    {
        var s = NewFeedback();
        s.Route("bo-khcn", 7, "Rule #7", Now.AddDays(21), Now);

        Assert.True(s.Deliver("bo-khcn", Now));
        Assert.False(s.Deliver("bo-khcn", Now));

        Assert.Single(s.Timeline, e => e.Type == TimelineEventType.Delivered);
        Assert.Equal(SubmissionStatus.Delivered, s.Status);
    }

    [Fact]
    public void A_message_for_an_agency_the_case_has_left_is_ignored()
    {
        var s = NewFeedback();
        s.Route("bo-khcn", 7, "Rule #7", Now.AddDays(21), Now);
        s.Transfer("bo-y-te", "Thuộc lĩnh vực y tế", Now.AddDays(30), "officer", Now);

        Assert.False(s.Deliver("bo-khcn", Now));
        Assert.True(s.Deliver("bo-y-te", Now));
        Assert.Equal("bo-y-te", s.AgencyCode);
    }

    [Fact]
    public void A_transfer_needs_a_reason_and_shows_it_publicly()
    {
        var s = NewFeedback();
        s.Route("bo-khcn", 7, "Rule #7", Now.AddDays(21), Now);

        Assert.Throws<WorkflowException>(() => s.Transfer("bo-y-te", "  ", Now.AddDays(30), "officer", Now));
        s.Transfer("bo-y-te", "Thuộc lĩnh vực y tế", Now.AddDays(30), "officer", Now);

        var e = s.Timeline[^1];
        Assert.Equal(TimelineEventType.Transferred, e.Type);
        Assert.True(e.IsPublic);
        Assert.Equal("Thuộc lĩnh vực y tế", e.PublicNote);
        Assert.Equal(SubmissionStatus.Transferred, s.Status);
    }

    [Fact]
    public void Every_status_has_a_stable_wire_name()
    {
        Assert.Equal(16, SubmissionStatuses.All.Count);
        foreach (var status in SubmissionStatuses.All)
        {
            Assert.True(SubmissionStatuses.TryParse(status.Code(), out var parsed));
            Assert.Equal(status, parsed);
        }

        Assert.Equal("in_progress", SubmissionStatus.InProgress.Code());
        Assert.Equal("accepted_for_pilot", SubmissionStatus.AcceptedForPilot.Code());
    }
}
