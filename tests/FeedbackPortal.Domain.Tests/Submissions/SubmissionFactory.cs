using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Tests.Submissions;

/// <summary>Builds a case in any status by walking the real transitions.</summary>
internal static class SubmissionFactory
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = T0.AddDays(21);

    public static Submission New(SubmissionKind kind = SubmissionKind.Feedback) => Submission.Create(new SubmissionDraft(
        kind, "Tiêu đề", "Nội dung", "the-che-chinh-sach", null,
        new Submitter("Nguyễn Văn An", "an@example.vn", null, null, null), "2025-07", true, "vi"),
        TrackingCode.New(kind, T0), T0);

    public static Submission InStatus(SubmissionStatus status, SubmissionKind kind)
    {
        var s = New(kind);
        if (status == SubmissionStatus.Received)
        {
            return s;
        }

        s.Route("bo-khcn", 1, "rule", Deadline, T0);
        switch (status)
        {
            case SubmissionStatus.Routed: return s;
            case SubmissionStatus.Transferred: s.Transfer("bo-tai-chinh", "Lý do", Deadline, "u", T0); return s;
            case SubmissionStatus.Withdrawn: s.Withdraw(T0); return s;
        }

        s.Deliver("bo-khcn", T0);
        switch (status)
        {
            case SubmissionStatus.Delivered: return s;
            case SubmissionStatus.Merged: s.MergeInto("PA-26-CCCC-DDDD", "u", T0); return s;
            case SubmissionStatus.Rejected: s.Reject("Lý do", "u", T0); return s;
        }

        if (status is SubmissionStatus.UnderEvaluation or SubmissionStatus.AcceptedForPilot or SubmissionStatus.NotAdopted
            or SubmissionStatus.Piloting or SubmissionStatus.ScaledUp)
        {
            s.Evaluate(70, "Ghi chú", "u", T0);
            if (status == SubmissionStatus.UnderEvaluation)
            {
                return s;
            }

            if (status == SubmissionStatus.NotAdopted)
            {
                s.DeclineAdoption("Lý do", "u", T0);
                return s;
            }

            s.AcceptForPilot("Lý do", "u", T0);
            if (status == SubmissionStatus.AcceptedForPilot)
            {
                return s;
            }

            s.StartPilot("Thí điểm", "u", T0);
            if (status == SubmissionStatus.ScaledUp)
            {
                s.ScaleUp("Nhân rộng", "u", T0);
            }

            return s;
        }

        s.StartWork("u", T0);
        switch (status)
        {
            case SubmissionStatus.InProgress: return s;
            case SubmissionStatus.NeedsInfo: s.RequestInformation("Hỏi", "u", T0); return s;
        }

        s.AnswerWith("Trả lời", "u", T0);
        if (status == SubmissionStatus.Closed)
        {
            s.Close("u", T0);
        }

        Assert.Equal(status, s.Status);
        return s;
    }
}
