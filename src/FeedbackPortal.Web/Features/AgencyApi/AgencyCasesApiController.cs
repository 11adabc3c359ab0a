using FeedbackPortal.Web.Features.Audit;
using System.Text.Json.Serialization;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Web.Features.Cases;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.AgencyApi;

public sealed record StatusUpdateRequest(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("note")] string? Note,
    [property: JsonPropertyName("public")] bool Public = false);

public sealed record TransferRequest(
    [property: JsonPropertyName("agency")] string? Agency,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>
/// The agency's own case system: list and read its cases, report progress, transfer. Scoped to the
/// agency of the API key; another agency's case is 404. A case waiting in an external agency's queue
/// stays "routed" until its system reports "delivered" (or a later status, which implies delivery).
/// </summary>
[ApiController]
[Route("api/v1/agency/cases")]
[Authorize(Policy = Policies.AgencyApi)]
public sealed class AgencyCasesApiController(PortalDbContext db, ISearchIndex index, CaseActions actions, AuditLog audit, TimeProvider clock)
    : ControllerBase
{
    private const int MaxPageSize = 100;

    /// <summary>Statuses an agency's system may report (what each does: <see cref="CaseActions.ReportStatusAsync"/>).</summary>
    public static IReadOnlyList<string> ReportableStatuses => CaseActions.ReportableStatuses;

    [HttpGet("")]
    public async Task<IActionResult> List([FromQuery] string? status, [FromQuery] string? q, [FromQuery] bool? overdue,
        [FromQuery] int page = 1, [FromQuery] int pageSize = 20, CancellationToken ct = default)
    {
        var agency = this.CallingAgency();
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var statuses = new List<SubmissionStatus>();
        foreach (var code in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SubmissionStatuses.TryParse(code, out var parsed))
            {
                return this.BadRequestProblem("Problem.UnknownStatus", code, string.Join(", ", SubmissionStatuses.All.Select(s => s.Code())));
            }

            statuses.Add(parsed);
        }

        var now = clock.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var results = await index.SearchAsync(new SearchQuery
            {
                Scope = SearchScope.Staff([agency]),
                Text = q,
                Statuses = statuses.Select(s => s.Code()).ToList(),
                Overdue = overdue,
                Sort = SearchSort.Newest,
                Page = page,
                PageSize = pageSize,
                Now = now,
            }, ct);
            var items = results.Hits.Select(h => h.Document).Select(d => new CaseSummary(d.TrackingCode, d.Kind, d.Title, d.Status,
                d.Field, d.Locality, d.SubmittedAt, d.Deadline, d.Overdue, d.AssigneeName)).ToList();
            return Ok(new CaseList(items, results.Total, page, pageSize));
        }

        var finished = SubmissionStatuses.Finished.ToList();
        var cases = db.Submissions.AsNoTracking().Where(s => s.AgencyCode == agency);
        if (statuses.Count > 0)
        {
            cases = cases.Where(s => statuses.Contains(s.Status));
        }

        // Same definition as Submission.IsOverdue, in SQL.
        if (overdue == true)
        {
            cases = cases.Where(s => s.Deadline != null && s.Deadline < now && s.ClockPausedAt == null && !finished.Contains(s.Status));
        }
        else if (overdue == false)
        {
            cases = cases.Where(s => s.Deadline == null || s.Deadline >= now || s.ClockPausedAt != null || finished.Contains(s.Status));
        }

        var total = await cases.LongCountAsync(ct);
        var list = await cases.OrderByDescending(s => s.SubmittedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return Ok(new CaseList(list.Select(s => new CaseSummary(s.TrackingCode, s.Kind.Code(), s.Title, s.Status.Code(), s.FieldCode,
            s.LocalityCode, s.SubmittedAt, s.Deadline, s.IsOverdue(now), s.AssigneeName)).ToList(), total, page, pageSize));
    }

    [HttpGet("{code}")]
    public async Task<IActionResult> Get(string code, CancellationToken ct)
    {
        var submission = await AgencyApiSupport.FindCaseAsync(db, this.CallingAgency(), code, ct);
        if (submission is null)
        {
            return this.CaseNotFound(code);
        }

        // The detail carries the submitter's contact: every read of personal data is audited.
        await audit.RecordAsync("api.case_detail", submission.TrackingCode, null, ct);
        return Ok(await DetailAsync(submission, ct));
    }

    /// <summary>Progress reported by the agency's system: the staff pages' case actions (<see cref="CaseActions.ReportStatusAsync"/>).</summary>
    [HttpPost("{code}/status")]
    public async Task<IActionResult> UpdateStatus(string code, [FromBody] StatusUpdateRequest request, CancellationToken ct)
    {
        var agency = this.CallingAgency();
        var target = request.Status?.Trim().ToLowerInvariant() ?? "";
        if (!ReportableStatuses.Contains(target))
        {
            return this.BadRequestProblem("Problem.StatusNotReportable", request.Status ?? "", string.Join(", ", ReportableStatuses));
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (CaseActions.ReportNoteIsPublic.Contains(target) && note is null)
        {
            return this.BadRequestProblem("Problem.NoteRequired", target);
        }

        if (!CaseActions.ReportNoteIsPublic.Contains(target) && request.Public && note is not null)
        {
            return this.BadRequestProblem("Problem.NoteNotPublic", target, string.Join(", ", CaseActions.ReportNoteIsPublic));
        }

        return await ActAsync(code, agency, a => actions.ReportStatusAsync(code, a, target, note, ct), ct);
    }

    /// <summary>Hand the case to another agency: the staff pages' transfer action.</summary>
    [HttpPost("{code}/transfer")]
    public async Task<IActionResult> Transfer(string code, [FromBody] TransferRequest request, CancellationToken ct)
    {
        var agency = this.CallingAgency();
        if (string.IsNullOrWhiteSpace(request.Agency))
        {
            return this.BadRequestProblem("Problem.AgencyRequired");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return this.BadRequestProblem("Problem.ReasonRequired");
        }

        try
        {
            if (!await actions.TransferAsync(code, Actor(agency), request.Agency, request.Reason, ct))
            {
                return this.CaseNotFound(code);
            }
        }
        catch (WorkflowException ex) when (ex.Code == "concurrency")
        {
            return this.ConcurrencyConflict();
        }
        catch (WorkflowException ex)
        {
            return this.WorkflowConflict(ex);
        }

        // The case now belongs to the other agency: this one only learns where it went.
        var moved = await db.Submissions.AsNoTracking().Where(s => s.TrackingCode == TrackingCode.Normalize(code))
            .Select(s => new TransferResult(s.TrackingCode, s.Status.Code(), s.AgencyCode!)).FirstAsync(ct);
        return Ok(moved);
    }

    private static CaseActor Actor(string agency) => new(AgencyApiSupport.Actor(agency), [agency], CanApprove: true);

    private async Task<IActionResult> ActAsync(string code, string agency, Func<CaseActor, Task<bool>> run, CancellationToken ct)
    {
        try
        {
            if (!await run(Actor(agency)))
            {
                return this.CaseNotFound(code);
            }
        }
        catch (WorkflowException ex) when (ex.Code == "concurrency")
        {
            return this.ConcurrencyConflict();
        }
        catch (WorkflowException ex)
        {
            return this.WorkflowConflict(ex);
        }

        var submission = await AgencyApiSupport.FindCaseAsync(db, agency, code, ct);
        return submission is null ? this.CaseNotFound(code) : Ok(await DetailAsync(submission, ct));
    }

    private async Task<CaseDetail> DetailAsync(Submission s, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var routed = s.Timeline.Where(e => e.Type == TimelineEventType.Routed).MaxBy(e => e.At);
        var attachments = await AttachmentLinks.ForAsync(db, s, ct);
        return new CaseDetail(
            s.TrackingCode, s.Kind.Code(), s.Title, s.Content, s.FieldCode, s.SystemCode, s.LocalityCode, s.CommuneWard,
            s.ExpectedImpact, s.SupportRequested, s.Status.Code(), s.AgencyCode, s.Channel, s.Language, s.AllowPublish,
            s.SubmittedAt, s.UpdatedAt, s.Deadline, s.IsOverdue(now), s.AssigneeName, s.Task, s.Answer, s.RejectionReason,
            s.MergedIntoTrackingCode,
            new CaseSubmitter(s.Submitter.Name, s.Submitter.Email, s.Submitter.Phone, s.Submitter.OrganizationName, s.Submitter.TaxCode),
            routed is null ? null : new CaseRouting(routed.RoutingRuleId, routed.InternalNote),
            attachments.Select(a => new CaseAttachment(a.Id, a.FileName, a.ContentType, a.Size, a.DownloadUrl)).ToList(),
            s.Timeline.OrderBy(e => e.At).Select(e => new CaseEvent(e.At, EventType(e.Type), e.Status.Code(), e.IsPublic, e.PublicNote,
                e.InternalNote, e.Actor, e.AgencyCode, e.RoutingRuleId)).ToList());
    }

    /// <summary>Timeline event types on the wire: snake_case like statuses ("information_requested").</summary>
    public static string EventType(TimelineEventType type) =>
        string.Concat(type.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

public sealed record CaseSummary(string TrackingCode, string Kind, string Title, string Status, string Field, string? Locality,
    DateTimeOffset SubmittedAt, DateTimeOffset? Deadline, bool Overdue, string? Assignee);

public sealed record CaseList(IReadOnlyList<CaseSummary> Items, long Total, int Page, int PageSize);

public sealed record CaseSubmitter(string Name, string Email, string? Phone, string? OrganizationName, string? TaxCode);

public sealed record CaseRouting(int? RuleId, string? Description);

public sealed record CaseAttachment(Guid Id, string FileName, string ContentType, long Size, string DownloadUrl);

public sealed record CaseEvent(DateTimeOffset At, string Type, string Status, bool Public, string? PublicNote, string? InternalNote,
    string Actor, string? Agency, int? RoutingRuleId);

public sealed record CaseDetail(string TrackingCode, string Kind, string Title, string Content, string Field, string? System,
    string? Locality, string? CommuneWard, string? ExpectedImpact, string? SupportRequested, string Status, string? Agency,
    string Channel, string Language, bool AllowPublish, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, DateTimeOffset? Deadline,
    bool Overdue, string? Assignee, string? Task, string? Answer, string? RejectionReason, string? MergedInto,
    CaseSubmitter Submitter, CaseRouting? Routing, IReadOnlyList<CaseAttachment> Attachments, IReadOnlyList<CaseEvent> Timeline);

public sealed record TransferResult(string TrackingCode, string Status, string Agency);
