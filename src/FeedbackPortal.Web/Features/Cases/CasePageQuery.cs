using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Cases;

public sealed record TimelineRow(DateTimeOffset At, string Type, string Status, bool IsPublic, string? PublicNote,
    string? InternalNote, string ActorName, string? Agency, int? RoutingRuleId);

public sealed record StaffOption(string Id, string Name);

public sealed class CasePage
{
    public required Submission Case { get; init; }
    public required string AgencyName { get; init; }

    /// <summary>Commune, province and the address details, as one line (null when the submitter named none).</summary>
    public string? Place { get; init; }
    public bool RequiresApproval { get; init; }

    /// <summary>Working days left until the deadline (negative: overdue by that many).</summary>
    public int? WorkingDaysLeft { get; init; }

    public bool Overdue { get; init; }
    public required IReadOnlyList<TimelineRow> Timeline { get; init; }
    public required IReadOnlyList<StaffOption> Officers { get; init; }
    public required IReadOnlyList<ResponseTemplate> Templates { get; init; }
    public required IReadOnlyList<SearchDocument> Similar { get; init; }
    public bool ShowContact { get; init; }
    public string? AnswerDraft { get; set; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>Size limit of the answer's file, for the hint (same as intake).</summary>
    public long MaxFileMegabytes { get; init; }
    public required CaseActor Actor { get; init; }
    public string? Error { get; set; }
    public string? ErrorCode { get; set; }
    public string? Done { get; set; }
}

/// <summary>Everything the case page shows, read within the actor's agencies.</summary>
public sealed class CasePageQuery(PortalDbContext db, ISearchIndex index, DeadlineCalculator deadlines, TimeProvider clock,
    IOptions<AttachmentOptions> files, ReferenceLists lists, CommuneDirectory communes)
{
    public async Task<CasePage?> LoadAsync(string code, CaseActor actor, bool contact, int? template, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var normalized = TrackingCode.Normalize(code);
        var agencies = actor.Agencies?.ToList();
        if (normalized is null)
        {
            return null;
        }

        var s = await db.Submissions.AsNoTracking().Include(x => x.Timeline).AsSplitQuery()
            .Where(x => x.TrackingCode == normalized && (agencies == null || (x.AgencyCode != null && agencies.Contains(x.AgencyCode))))
            .FirstOrDefaultAsync(ct);
        if (s is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == s.AgencyCode, ct);
        var officers = await (from m in db.StaffAgencies
                              join u in db.Users on m.UserId equals u.Id
                              where m.AgencyCode == s.AgencyCode
                              orderby u.Email
                              select new StaffOption(u.Id, string.IsNullOrEmpty(u.DisplayName) ? u.Email! : u.DisplayName + " (" + u.Email + ")"))
            .ToListAsync(ct);
        var actorIds = s.Timeline.Select(e => e.Actor).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Email ?? u.DisplayName, ct);
        var templates = await db.ResponseTemplates.AsNoTracking()
            .Where(t => t.AgencyCode == s.AgencyCode && (t.FieldCode == null || t.FieldCode == s.FieldCode))
            .OrderBy(t => t.Name).ToListAsync(ct);

        var similar = await index.SearchAsync(new SearchQuery
        {
            Scope = agencies is null ? SearchScope.AllAgencies : SearchScope.Staff(agencies),
            Text = s.Title,
            PageSize = 6,
            Now = now,
        }, ct);

        return new CasePage
        {
            Attachments = await db.Attachments.AsNoTracking().Where(a => a.SubmissionId == s.Id).OrderBy(a => a.UploadedAt).ToListAsync(ct),
            MaxFileMegabytes = files.Value.MaxFileBytes / (1024 * 1024),
            Case = s,
            AgencyName = agency?.Name(ReferenceLists.Language) ?? s.AgencyCode ?? "",
            Place = string.Join(", ", new[]
                {
                    communes.DisplayName(s.LocalityCode, s.CommuneCode, ReferenceLists.Language),
                    await lists.LocalityNameAsync(s.LocalityCode, ct),
                    s.CommuneWard,
                }.Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } place ? place : null,
            RequiresApproval = agency?.RequiresAnswerApproval ?? false,
            // While paused (needs info) the days left stay what they were when the clock stopped.
            WorkingDaysLeft = s.Deadline is { } d ? deadlines.Calendar.WorkingDaysBetween(s.ClockPausedAt ?? now, d) : null,
            Overdue = s.IsOverdue(now),
            Timeline = s.Timeline.OrderByDescending(e => e.At).Select(e => new TimelineRow(e.At, e.Type.ToString(), e.Status.Code(), e.IsPublic,
                e.PublicNote, e.InternalNote, names.GetValueOrDefault(e.Actor, e.Actor), e.AgencyCode, e.RoutingRuleId)).ToList(),
            Officers = officers,
            Templates = templates,
            Similar = similar.Hits.Select(h => h.Document).Where(d => d.TrackingCode != s.TrackingCode).Take(5).ToList(),
            ShowContact = contact,
            AnswerDraft = template is { } id ? templates.FirstOrDefault(t => t.Id == id)?.Text : s.PendingAnswer,
            Actor = actor,
        };
    }
}
