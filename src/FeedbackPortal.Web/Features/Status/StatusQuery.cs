using FeedbackPortal.Domain.Privacy;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Status;

public sealed record StatusAgency(string Code, string Name);

public sealed record StatusEvent(DateTimeOffset At, string Status, string? Note);

/// <summary>"Rõ người" on the public page: the officer's name, or their title and unit (Status:OfficerDisplay).</summary>
public enum OfficerDisplay
{
    TitleAndUnit,
    Name,
}

public sealed record StatusOptions(OfficerDisplay OfficerDisplay)
{
    public const string OfficerDisplayKey = "Status:OfficerDisplay";
}

/// <summary>A file published with the answer; <see cref="Url"/> is the public download.</summary>
public sealed record AnswerFile(string Name, string Url, long Size);

/// <summary>
/// What the public may know of a case: progress, responsible agency, result. No personal data: the
/// title and answer are the staff-approved public versions, and only while the case is public
/// (<see cref="Submission.IsPublic"/>); otherwise they are null.
/// </summary>
public sealed record StatusView(
    string TrackingCode,
    string Kind,
    string? Title,
    string Field,
    string? Locality,
    string Status,
    StatusAgency? Agency,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? Deadline,
    string? Answer,
    string? MergedInto,
    IReadOnlyList<StatusEvent> Timeline)
{
    /// <summary>The language the submitter wrote in ("vi"/"en"), for <c>lang</c> on their text.</summary>
    public string? Language { get; init; }

    /// <summary>Files published with the answer (never the submitter's own uploads).</summary>
    public IReadOnlyList<AnswerFile> AnswerFiles { get; init; } = [];

    /// <summary>"Rõ người": the responsible officer as configured (null until assigned).</summary>
    public string? Officer { get; init; }

    /// <summary>The commune's code within <see cref="Locality"/>: public like the province (the address details are not).</summary>
    public string? Commune { get; init; }

    /// <summary>"Rõ việc": what the agency is doing now, set by staff.</summary>
    public string? Task { get; init; }

    /// <summary>"Rõ thời gian": the handling time in working days (per kind and field).</summary>
    public int? WorkingDays { get; init; }

    /// <summary>Working days until the deadline (negative: overdue by that many); null when the clock does not run.</summary>
    public int? WorkingDaysLeft { get; init; }

    /// <summary>The case is public (its approved text is on the public pages and in public search).</summary>
    public bool Published { get; init; }

    /// <summary>An answer was given (its text goes to the submitter by e-mail; the public sees it once approved).</summary>
    public bool Answered { get; init; }

    /// <summary>The submitter allowed publication and has not withdrawn it: the status page offers withdrawal.</summary>
    public bool ConsentWithdrawable { get; init; }
}

/// <summary>Status lookup: one indexed read by tracking code (plus its public events).</summary>
public sealed class StatusQuery(PortalDbContext db, ReferenceLists lists, StatusOptions options, DeadlineCalculator deadlines, TimeProvider clock,
    CommuneDirectory communes)
{
    public async Task<StatusView?> FindAsync(string? input, CancellationToken ct)
    {
        var code = TrackingCode.Normalize(input);
        if (code is null)
        {
            return null;
        }

        var s = await db.Submissions.AsNoTracking()
            .Include(x => x.Timeline.Where(e => e.IsPublic))
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.TrackingCode == code, ct);
        if (s is null)
        {
            return null;
        }

        var answerFiles = ShowsAnswer(s)
            ? await db.Attachments.AsNoTracking().Where(a => a.SubmissionId == s.Id && a.Purpose == AttachmentPurpose.Answer)
                .OrderBy(a => a.UploadedAt).Select(a => new { a.Id, a.FileName, a.Size }).ToListAsync(ct)
            : [];
        var agencyNames = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Name(ReferenceLists.Language), ct);
        var timeline = s.Timeline.OrderBy(e => e.At)
            .Select(e => new StatusEvent(e.At, e.Status.Code(), PublicNote(e, agencyNames, s.Submitter)))
            .ToList();
        var published = s.IsPublic;
        return new StatusView(
            s.TrackingCode,
            s.Kind.Code(),
            published ? s.PublicTitle : null,
            s.FieldCode,
            s.LocalityCode,
            s.Status.Code(),
            s.AgencyCode is null ? null : new StatusAgency(s.AgencyCode, agencyNames.GetValueOrDefault(s.AgencyCode, s.AgencyCode)),
            s.SubmittedAt,
            s.Deadline,
            published ? s.PublicAnswer : null,
            s.MergedIntoTrackingCode,
            timeline)
        {
            Officer = await OfficerAsync(s.AssigneeId, ct),
            Commune = s.CommuneCode,
            Task = StaffText(s.Task, s.Submitter),
            WorkingDays = s.Deadline is null ? null : deadlines.WorkingDaysFor(s.Kind, s.FieldCode),
            WorkingDaysLeft = s.Deadline is { } due && Submission.ClockRunningStates.Contains(s.Status)
                ? deadlines.Calendar.WorkingDaysBetween(clock.GetUtcNow(), due)
                : null,
            Language = s.Language,
            Published = published,
            Answered = s.AnsweredAt is not null,
            ConsentWithdrawable = s.AllowPublish && s.ConsentWithdrawnAt is null && s.PersonalDataErasedAt is null,
            AnswerFiles = answerFiles.Select(a => new AnswerFile(a.FileName, AnswerFileUrl(s.TrackingCode, a.Id), a.Size)).ToList(),
        };
    }

    public ReferenceLists Lists => lists;

    /// <summary>An officer as the public sees them: by name, or by title and unit (no e-mail, ever).</summary>
    private async Task<string?> OfficerAsync(string? assigneeId, CancellationToken ct)
    {
        if (assigneeId is null)
        {
            return null;
        }

        var u = await db.Users.AsNoTracking().Where(x => x.Id == assigneeId)
            .Select(x => new { x.DisplayName, x.JobTitle, x.Unit }).FirstOrDefaultAsync(ct);
        if (u is null)
        {
            return null;
        }

        var titleAndUnit = string.Join(", ", new[] { u.JobTitle, u.Unit }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return options.OfficerDisplay == OfficerDisplay.Name && !string.IsNullOrWhiteSpace(u.DisplayName) && !u.DisplayName.Contains('@')
            ? u.DisplayName
            : titleAndUnit.Length > 0 ? titleAndUnit : null;
    }

    /// <summary>The public status page's model (also rendered by other features posting to the page).</summary>
    public async Task<StatusPage?> PageAsync(string? code, CancellationToken ct, bool justSubmitted = false)
    {
        var view = await FindAsync(code, ct);
        return view is null
            ? null
            : new StatusPage
            {
                Code = view.TrackingCode,
                View = view,
                JustSubmitted = justSubmitted,
                FieldName = await lists.FieldNameAsync(view.Field, ct),
                LocalityName = await lists.LocalityNameAsync(view.Locality, ct),
                CommuneName = communes.DisplayName(view.Locality, view.Commune, ReferenceLists.Language),
            };
    }

    /// <summary>
    /// Answer files are public exactly when the answer text is: once published (answered, and
    /// after that closed or reopened). A proposal waiting for approval has no public answer yet.
    /// </summary>
    public static bool ShowsAnswer(Submission s) => s.Answer is not null;

    public static string AnswerFileUrl(string trackingCode, Guid id) => $"/status/{trackingCode}/answer-files/{id}";

    /// <summary>
    /// Transfers always show where and why; answers and information requests show no note (they are
    /// written to the submitter and may name them — the approved answer is shown on its own); other
    /// events show their public note, if any.
    /// </summary>
    private static string? PublicNote(TimelineEvent e, IReadOnlyDictionary<string, string> agencies, Submitter submitter) => e.Type switch
    {
        TimelineEventType.Answered or TimelineEventType.AcceptedForPilot or TimelineEventType.NotAdopted
            or TimelineEventType.InformationRequested => null,
        TimelineEventType.Transferred => $"→ {agencies.GetValueOrDefault(e.AgencyCode ?? "", e.AgencyCode ?? "")}: {StaffText(e.PublicNote, submitter)}",
        TimelineEventType.Routed or TimelineEventType.Delivered => agencies.GetValueOrDefault(e.AgencyCode ?? "", e.AgencyCode ?? ""),
        _ => StaffText(e.PublicNote, submitter),
    };

    /// <summary>
    /// Text staff type for the public (the task, a transfer reason, a note) is published without a
    /// separate approval step, so it is masked here: an officer quoting the citizen's name, phone or
    /// e-mail in it must not put them on the public page.
    /// </summary>
    private static string? StaffText(string? text, Submitter? submitter) =>
        Redactor.Redact(text, submitter?.Name, submitter?.Email);
}
