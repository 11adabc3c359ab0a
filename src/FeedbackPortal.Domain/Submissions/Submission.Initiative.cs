namespace FeedbackPortal.Domain.Submissions;

/// <summary>The initiative track: evaluation, decision, pilot, scale-up.</summary>
public sealed partial class Submission
{
    public static readonly IReadOnlySet<SubmissionStatus> DecidableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.UnderEvaluation };

    public static readonly IReadOnlySet<SubmissionStatus> PilotableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.AcceptedForPilot };

    public static readonly IReadOnlySet<SubmissionStatus> ScalableStates =
        new HashSet<SubmissionStatus> { SubmissionStatus.Piloting };

    public int? EvaluationScore { get; private set; }

    public void Evaluate(int score, string notes, string actor, DateTimeOffset at)
    {
        RequireKind(SubmissionKind.Initiative, "evaluate");
        Require(EvaluableStates, "evaluate");
        if (score is < 0 or > 100)
        {
            throw new WorkflowException("evaluate.score_range", "The score must be between 0 and 100.");
        }

        EvaluationScore = score;
        Status = SubmissionStatus.UnderEvaluation;
        Record(TimelineEventType.Evaluated, at, actor, isPublic: false, internalNote: RequireText(notes, "notes"));
    }

    public void AcceptForPilot(string reasons, string actor, DateTimeOffset at)
    {
        RequireKind(SubmissionKind.Initiative, "accept");
        Require(DecidableStates, "accept");
        Answer = RequireText(reasons, "reason");
        PublicAnswer = null; // published only after its own approval
        AnsweredAt = at;
        ReviewRequestedAt = null;
        Status = SubmissionStatus.AcceptedForPilot;
        Record(TimelineEventType.AcceptedForPilot, at, actor, isPublic: true, publicNote: Answer);
    }

    public void DeclineAdoption(string reasons, string actor, DateTimeOffset at)
    {
        RequireKind(SubmissionKind.Initiative, "decline");
        Require(DecidableStates, "decline");
        Answer = RequireText(reasons, "reason");
        PublicAnswer = null; // published only after its own approval
        AnsweredAt = at;
        ReviewRequestedAt = null;
        Status = SubmissionStatus.NotAdopted;
        Record(TimelineEventType.NotAdopted, at, actor, isPublic: true, publicNote: Answer);
    }

    public void StartPilot(string note, string actor, DateTimeOffset at)
    {
        RequireKind(SubmissionKind.Initiative, "pilot");
        Require(PilotableStates, "pilot");
        Status = SubmissionStatus.Piloting;
        Record(TimelineEventType.PilotStarted, at, actor, isPublic: true, publicNote: RequireText(note, "note"));
    }

    public void ScaleUp(string note, string actor, DateTimeOffset at)
    {
        RequireKind(SubmissionKind.Initiative, "scale_up");
        Require(ScalableStates, "scale_up");
        Status = SubmissionStatus.ScaledUp;
        Record(TimelineEventType.ScaledUp, at, actor, isPublic: true, publicNote: RequireText(note, "note"));
    }
}
