using System.Linq.Expressions;
using FeedbackPortal.Domain.Privacy;

namespace FeedbackPortal.Domain.Submissions;

/// <summary>What staff are offered to publish: the redacted title, content and answer (edited before approval).</summary>
public sealed record PublicationProposal(string Title, string Content, string? Answer);

/// <summary>
/// Personal data (Decree 13/2023/NĐ-CP): nothing of a case is public until staff approve its public
/// text; the submitter can withdraw consent; personal fields of finished cases are erased after the
/// retention period. <see cref="IsPublicRule"/> is the one rule every public surface uses.
/// </summary>
public sealed partial class Submission
{
    /// <summary>Statuses in which a case is never public, whatever was approved: not yet handled, spam or out of scope, withdrawn.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> NonPublicStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Received, SubmissionStatus.Rejected, SubmissionStatus.Withdrawn,
    };

    /// <summary>
    /// The one definition of "public": the submitter allowed publication and has not withdrawn it,
    /// staff approved the public text, and the status is not in <see cref="NonPublicStates"/>.
    /// An expression, so database queries (Open311) use it; <see cref="IsPublic"/> is the same
    /// expression compiled once.
    /// </summary>
    public static readonly Expression<Func<Submission, bool>> IsPublicRule = BuildIsPublicRule();

    private static readonly Func<Submission, bool> IsPublicCompiled = IsPublicRule.Compile();

    /// <summary>Staff may approve public text in the states a case may be public in.</summary>
    public static readonly IReadOnlySet<SubmissionStatus> PublishableStates =
        new HashSet<SubmissionStatus>(SubmissionStatuses.All.Where(s => !NonPublicStates.Contains(s)));

    /// <summary>Finished cases whose personal fields the retention job erases (answered ones may still be closed or rated).</summary>
    public static readonly IReadOnlySet<SubmissionStatus> ErasableStates = new HashSet<SubmissionStatus>
    {
        SubmissionStatus.Closed, SubmissionStatus.Rejected, SubmissionStatus.Withdrawn, SubmissionStatus.Merged,
        SubmissionStatus.NotAdopted, SubmissionStatus.ScaledUp,
    };

    /// <summary>The approved public title; the original <see cref="Title"/> stays private to staff.</summary>
    public string? PublicTitle { get; private set; }

    public string? PublicContent { get; private set; }

    /// <summary>The approved public answer; null while an answer given after approval waits for its own approval.</summary>
    public string? PublicAnswer { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>The staff user who last approved the public text.</summary>
    public string? PublishedBy { get; private set; }

    public DateTimeOffset? ConsentWithdrawnAt { get; private set; }

    public DateTimeOffset? PersonalDataErasedAt { get; private set; }

    public bool IsPublic => IsPublicCompiled(this);

    /// <summary>The submitter allows publication and nothing since has taken that away.</summary>
    public bool MayBePublished => AllowPublish && ConsentWithdrawnAt is null && PersonalDataErasedAt is null;

    /// <summary>Staff have something to approve: the first public text, or an answer given after it.</summary>
    public bool AwaitsPublication => MayBePublished && PublishableStates.Contains(Status)
        && (PublishedAt is null || (Answer is not null && PublicAnswer is null));

    /// <summary>The redacted text staff start from: what is already approved, the rest redacted afresh.</summary>
    public PublicationProposal ProposePublication() => new(
        PublicTitle ?? Redactor.Redact(Title, Submitter.Name, Submitter.Email)!,
        PublicContent ?? Redactor.Redact(Content, Submitter.Name, Submitter.Email)!,
        PublicAnswer ?? Redactor.Redact(Answer, Submitter.Name, Submitter.Email));

    /// <summary>
    /// Staff approve the public version (edited from <see cref="ProposePublication"/>). Approving again
    /// replaces it. An existing answer needs its public text too; without an answer none is kept.
    /// </summary>
    public void ApprovePublication(string title, string content, string? answer, string officer, DateTimeOffset at)
    {
        Require(PublishableStates, "publish");
        if (!MayBePublished)
        {
            throw new WorkflowException("publish.no_consent", "The submitter has not allowed publication.");
        }

        PublicTitle = RequireText(title, "public_title");
        PublicContent = RequireText(content, "public_content");
        PublicAnswer = Answer is null ? null : RequireText(answer, "public_answer");
        PublishedAt = at;
        PublishedBy = officer;
        Record(TimelineEventType.PublicationApproved, at, officer, isPublic: false);
    }

    /// <summary>The submitter takes back the permission to publish; the public copy is dropped at once.</summary>
    public void WithdrawConsent(DateTimeOffset at)
    {
        if (!AllowPublish || ConsentWithdrawnAt is not null)
        {
            throw new WorkflowException("withdraw_consent.not_published", "Publication was not allowed or is already withdrawn.");
        }

        ConsentWithdrawnAt = at;
        PublicTitle = null;
        PublicContent = null;
        PublicAnswer = null;
        Record(TimelineEventType.ConsentWithdrawn, at, SubmitterActor, isPublic: false);
    }

    /// <summary>
    /// Retention: the personal fields of a finished case are erased; what statistics need (kind,
    /// field, agency, locality, status, dates, satisfaction) and the approved public text stay.
    /// Free-text notes of the timeline go too (they quote the submitter or address them by name).
    /// </summary>
    public void ErasePersonalData(DateTimeOffset at)
    {
        Require(ErasableStates, "erase");
        if (PersonalDataErasedAt is not null)
        {
            return;
        }

        Title = "";
        Content = "";
        CommuneWard = null;
        ExpectedImpact = null;
        SupportRequested = null;
        Task = null;
        Answer = null;
        PendingAnswer = null;
        RejectionReason = null;
        Submitter.Erase();
        foreach (var e in _timeline)
        {
            e.EraseNotes();
        }

        PersonalDataErasedAt = at;
        Record(TimelineEventType.PersonalDataErased, at, SystemActor, isPublic: false);
    }

    private static Expression<Func<Submission, bool>> BuildIsPublicRule()
    {
        Expression<Func<Submission, bool>> consented = s => s.AllowPublish && s.ConsentWithdrawnAt == null && s.PublishedAt != null;
        var s = consented.Parameters[0];
        var body = consented.Body;
        // Written out as the C# compiler writes "s.Status != X", which both EF providers translate.
        foreach (var status in NonPublicStates.Order())
        {
            body = Expression.AndAlso(body, Expression.NotEqual(
                Expression.Convert(Expression.Property(s, nameof(Status)), typeof(int)), Expression.Constant((int)status)));
        }

        return Expression.Lambda<Func<Submission, bool>>(body, s);
    }
}
