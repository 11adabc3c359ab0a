using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Domain.Tests.Submissions;

namespace FeedbackPortal.Domain.Tests.Privacy;

/// <summary>Publication needs staff approval, consent can be withdrawn, retention erases personal fields.</summary>
public sealed class PublicationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static Submission Case(bool allowPublish = true, SubmissionStatus status = SubmissionStatus.InProgress)
    {
        var s = Submission.Create(new SubmissionDraft(SubmissionKind.Feedback,
            "Nguyễn Văn An: đèn đường hỏng trước số 12 đường Lê Lợi",
            "Tôi là Nguyễn Văn An, CCCD 001099012345, điện thoại 0987654321, email an.nguyen@gmail.com. Theo Nghị định 13/2023/NĐ-CP...",
            "the-che-chinh-sach", "ha-noi", new Submitter("Nguyễn Văn An", "an.nguyen@gmail.com", "0987654321", null, null),
            "2025-07", allowPublish, "vi", CommuneWard: "Phường Bến Nghé", ExpectedImpact: "Gọi tôi 0987654321"),
            TrackingCode.New(SubmissionKind.Feedback, T0), T0);
        s.Route("bo-khcn", 1, "rule", T0.AddDays(20), T0);
        s.Deliver("bo-khcn", T0);
        s.StartWork("officer", T0);
        if (status == SubmissionStatus.Closed)
        {
            s.AnswerWith("Kính gửi ông Nguyễn Văn An, đèn đã được thay.", "officer", T0);
            s.Close("officer", T0);
        }

        return s;
    }

    [Fact]
    public void Nothing_is_public_until_staff_approve_and_the_proposal_is_redacted()
    {
        var s = Case();
        Assert.False(s.IsPublic);
        Assert.True(s.AwaitsPublication);
        var proposal = s.ProposePublication();
        Assert.Equal("[họ tên]: đèn đường hỏng trước [địa chỉ]", proposal.Title);
        Assert.Equal("Tôi là [họ tên], CCCD [số CCCD], điện thoại [số điện thoại], email [email]. Theo Nghị định 13/2023/NĐ-CP...",
            proposal.Content);
        Assert.Null(proposal.Answer);

        s.ApprovePublication("Đèn đường hỏng", proposal.Content + " (đã sửa)", null, "officer", T0.AddHours(1));
        Assert.True(s.IsPublic);
        Assert.False(s.AwaitsPublication);
        Assert.Equal("Đèn đường hỏng", s.PublicTitle);
        Assert.StartsWith("Nguyễn Văn An", s.Title, StringComparison.Ordinal); // the original stays for staff
        Assert.Equal(TimelineEventType.PublicationApproved, s.Timeline[^1].Type);
        Assert.False(s.Timeline[^1].IsPublic);
    }

    [Fact]
    public void An_answer_given_after_approval_waits_for_its_own_approval()
    {
        var s = Case();
        s.ApprovePublication("Đèn đường hỏng", "Nội dung", "ignored without an answer", "officer", T0);
        Assert.Null(s.PublicAnswer);
        s.AnswerWith("Kính gửi ông Nguyễn Văn An, gọi 0912 345 678 nếu cần.", "officer", T0.AddDays(1));
        Assert.True(s.IsPublic);
        Assert.True(s.AwaitsPublication);
        Assert.Null(s.PublicAnswer);
        Assert.Equal("Kính gửi ông [họ tên], gọi [số điện thoại] nếu cần.", s.ProposePublication().Answer);
        Assert.Equal("Đèn đường hỏng", s.ProposePublication().Title);
        Assert.Equal("required.public_answer",
            Assert.Throws<WorkflowException>(() => s.ApprovePublication("T", "C", " ", "officer", T0)).Code);
        s.ApprovePublication("Đèn đường hỏng", "Nội dung", "Đèn đã được thay.", "officer", T0.AddDays(1));
        Assert.Equal("Đèn đã được thay.", s.PublicAnswer);
        Assert.False(s.AwaitsPublication);

        // Reopened and answered again: the new answer needs approval again.
        s.Reopen("Chưa xong", T0.AddDays(30), "officer", T0.AddDays(2));
        s.AnswerWith("Đã sửa lần hai.", "officer", T0.AddDays(3));
        Assert.Null(s.PublicAnswer);
        Assert.True(s.AwaitsPublication);
    }

    [Fact]
    public void Without_consent_nothing_can_be_approved()
    {
        var s = Case(allowPublish: false);
        Assert.False(s.AwaitsPublication);
        Assert.Equal("publish.no_consent", Assert.Throws<WorkflowException>(() => s.ApprovePublication("T", "C", null, "u", T0)).Code);
        Assert.False(s.IsPublic);
    }

    [Fact]
    public void Withdrawing_consent_drops_the_public_copy_and_blocks_a_new_approval()
    {
        var s = Case();
        s.ApprovePublication("Đèn đường hỏng", "Nội dung", null, "officer", T0);
        s.WithdrawConsent(T0.AddDays(1));
        Assert.False(s.IsPublic);
        Assert.Null(s.PublicTitle);
        Assert.Null(s.PublicContent);
        Assert.Equal(TimelineEventType.ConsentWithdrawn, s.Timeline[^1].Type);
        Assert.Equal(Submission.SubmitterActor, s.Timeline[^1].Actor);
        Assert.Equal("withdraw_consent.not_published", Assert.Throws<WorkflowException>(() => s.WithdrawConsent(T0)).Code);
        Assert.Equal("publish.no_consent", Assert.Throws<WorkflowException>(() => s.ApprovePublication("T", "C", null, "u", T0)).Code);
    }

    [Theory]
    [InlineData(SubmissionStatus.Received, false)]
    [InlineData(SubmissionStatus.Rejected, false)]
    [InlineData(SubmissionStatus.Withdrawn, false)]
    [InlineData(SubmissionStatus.Routed, true)]
    [InlineData(SubmissionStatus.InProgress, true)]
    [InlineData(SubmissionStatus.Answered, true)]
    [InlineData(SubmissionStatus.Closed, true)]
    [InlineData(SubmissionStatus.Merged, true)]
    public void An_approved_case_is_public_only_outside_the_non_public_statuses(SubmissionStatus status, bool expected)
    {
        var s = SubmissionFactory.InStatus(SubmissionStatus.Routed, SubmissionKind.Feedback);
        s.ApprovePublication("T", "C", null, "u", T0);
        var moved = SubmissionFactory.InStatus(status, SubmissionKind.Feedback);
        if (Submission.PublishableStates.Contains(status))
        {
            moved.ApprovePublication("T", "C", moved.Answer is null ? null : "A", "u", T0);
        }

        Assert.Equal(expected, moved.IsPublic);
        Assert.Equal(expected, new[] { moved }.AsQueryable().Any(Submission.IsPublicRule));
        Assert.Equal(!Submission.NonPublicStates.Contains(status), expected);
    }

    [Fact]
    public void A_case_rejected_after_approval_leaves_public_view()
    {
        var s = Case();
        s.ApprovePublication("T", "C", null, "u", T0);
        s.Reject("Spam", "u", T0);
        Assert.False(s.IsPublic);
        Assert.False(new[] { s }.AsQueryable().Any(Submission.IsPublicRule));
    }

    [Fact]
    public void Retention_erases_personal_fields_and_keeps_the_statistics()
    {
        var s = Case(status: SubmissionStatus.Closed);
        s.ApprovePublication("Đèn đường hỏng", "Nội dung công khai", "Đèn đã được thay.", "officer", T0);
        Assert.Equal("status_not_allowed.erase",
            Assert.Throws<WorkflowException>(() => Case().ErasePersonalData(T0)).Code);

        s.ErasePersonalData(T0.AddYears(5));
        Assert.Equal("", s.Title);
        Assert.Equal("", s.Content);
        Assert.Equal("", s.Submitter.Name);
        Assert.Equal("", s.Submitter.Email);
        Assert.Null(s.Submitter.Phone);
        Assert.Null(s.CommuneWard);
        Assert.Null(s.ExpectedImpact);
        Assert.Null(s.Answer);
        Assert.DoesNotContain(s.Timeline, e => (e.PublicNote ?? e.InternalNote ?? "").Contains("Nguyễn Văn An", StringComparison.Ordinal));
        Assert.Equal(TimelineEventType.PersonalDataErased, s.Timeline[^1].Type);
        Assert.Equal(T0.AddYears(5), s.PersonalDataErasedAt);

        // Statistics and the approved public text stay.
        Assert.Equal(SubmissionStatus.Closed, s.Status);
        Assert.Equal("bo-khcn", s.AgencyCode);
        Assert.Equal("the-che-chinh-sach", s.FieldCode);
        Assert.Equal("ha-noi", s.LocalityCode);
        Assert.Equal(SubmissionKind.Feedback, s.Kind);
        Assert.Equal(T0, s.SubmittedAt);
        Assert.NotNull(s.AnsweredAt);
        Assert.Equal("Đèn đã được thay.", s.PublicAnswer);
        Assert.True(s.IsPublic);
        Assert.False(s.AwaitsPublication);

        var events = s.Timeline.Count;
        s.ErasePersonalData(T0.AddYears(6)); // the job may meet it again: nothing changes
        Assert.Equal(events, s.Timeline.Count);
    }
}
