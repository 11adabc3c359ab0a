using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Web.Features.Cases;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Inbox;

/// <summary>
/// The staff inbox. Views (new, mine, due soon, overdue, needs info, answered, all) read the
/// database, the system of record, so a case shows the moment it changes; free text and facet
/// filters go through the search index, whose facet counts are shown beside the list. Every query
/// is scoped to the officer's agencies.
/// </summary>
[Route("staff/inbox")]
[Authorize(Policy = Policies.Staff)]
public sealed class InboxController(PortalDbContext db, ISearchIndex index, StaffScope scope, TimeProvider clock,
    DeadlineCalculator deadlines, IOptions<SlaOptions> sla, CaseActions actions) : Controller
{
    private const int PageSize = 25;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] InboxFilter filter, CancellationToken ct)
    {
        var page = Math.Max(1, filter.Page);
        var view = InboxViews.Normalize(filter.View);
        var agencies = await scope.AgenciesAsync(ct);
        var now = clock.GetUtcNow();
        var dueSoon = deadlines.Calendar.AddWorkingDays(now, sla.Value.DueSoonWorkingDays);

        var search = await index.SearchAsync(IndexQuery(filter, view, page, now, dueSoon, await scope.SearchScopeAsync(ct)), ct);
        IReadOnlyList<InboxRow> rows;
        long total;
        if (filter.UsesIndex)
        {
            total = search.Total;
            rows = search.Hits.Select(h => h.Document).Select(d => new InboxRow(d.TrackingCode, d.Kind, d.Title, d.Status, d.Agency,
                d.SubmittedAt, d.Deadline, d.AssigneeName,
                d.Deadline < now && OpenStatuses.ClockRunning.Contains(d.Status))).ToList();
        }
        else
        {
            var cases = ViewQuery(db.Submissions.AsNoTracking().Where(s => s.AgencyCode != null && agencies.Contains(s.AgencyCode)),
                view, now, dueSoon);
            total = await cases.LongCountAsync(ct);
            var ordered = view is InboxViews.DueSoon or InboxViews.Overdue
                ? cases.OrderBy(s => s.Deadline)
                : cases.OrderByDescending(s => s.SubmittedAt);
            var list = await ordered.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
            rows = list.Select(s => new InboxRow(s.TrackingCode, s.Kind.Code(), s.Title, s.Status.Code(), s.AgencyCode,
                s.SubmittedAt, s.Deadline, s.AssigneeName, s.IsOverdue(now))).ToList();
        }

        var officers = await (from m in db.StaffAgencies
                              join u in db.Users on m.UserId equals u.Id
                              where agencies.Contains(m.AgencyCode)
                              orderby u.Email
                              select new StaffOption(u.Id, u.Email!)).Distinct().ToListAsync(ct);
        var allAgencies = await db.Agencies.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.NameVi, a.NameEn }).ToListAsync(ct);
        return View("Index", new InboxPage
        {
            Query = filter.Q,
            View = view,
            Filter = filter,
            Rows = rows,
            Total = total,
            TotalIsLowerBound = filter.UsesIndex && search.TotalIsLowerBound,
            Page = page,
            PageSize = PageSize,
            Agencies = agencies,
            Facets = search.Facets,
            Officers = officers,
            TransferTargets = allAgencies.Select(a => new StaffOption(a.Code, ReferenceLists.Language == "en" ? a.NameEn : a.NameVi)).ToList(),
        });
    }

    /// <summary>One form, several cases: assign, start, close or transfer each through the same case actions.</summary>
    [HttpPost("bulk")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Bulk([FromForm] List<string> codes, [FromForm] string? bulkAction, [FromForm] string? officer,
        [FromForm] string? agency, [FromForm] string? reason, [FromForm] string? view, CancellationToken ct)
    {
        var actor = await StaffActor.ForAsync(scope, ct);
        int done = 0, failed = 0;
        foreach (var code in codes.Distinct().Take(100))
        {
            try
            {
                var ok = bulkAction switch
                {
                    "assign" => await actions.AssignAsync(code, actor, string.IsNullOrEmpty(officer) || officer == "me" ? actor.Id : officer, ct),
                    "start" => await actions.StartAsync(code, actor, ct),
                    "close" => await actions.CloseAsync(code, actor, ct),
                    "transfer" => await actions.TransferAsync(code, actor, agency, reason, ct),
                    _ => false,
                };
                (done, failed) = ok ? (done + 1, failed) : (done, failed + 1);
            }
            catch (WorkflowException)
            {
                failed++;
            }
        }

        return Redirect($"/staff/inbox?view={Uri.EscapeDataString(InboxViews.Normalize(view))}&bulkDone={done}&bulkFailed={failed}");
    }

    private IQueryable<Submission> ViewQuery(IQueryable<Submission> cases, string view, DateTimeOffset now, DateTimeOffset dueSoon)
    {
        var running = Submission.ClockRunningStates.ToList();
        var finished = SubmissionStatuses.Finished.ToList();
        return view switch
        {
            InboxViews.New => cases.Where(s => s.Status == SubmissionStatus.Delivered && s.AssigneeId == null),
            InboxViews.Mine => cases.Where(s => s.AssigneeId == scope.UserId && !finished.Contains(s.Status)),
            InboxViews.DueSoon => cases.Where(s => running.Contains(s.Status) && s.ClockPausedAt == null && s.Deadline != null
                && s.Deadline >= now && s.Deadline <= dueSoon),
            InboxViews.Overdue => cases.Where(s => running.Contains(s.Status) && s.ClockPausedAt == null && s.Deadline != null && s.Deadline < now),
            InboxViews.NeedsInfo => cases.Where(s => s.Status == SubmissionStatus.NeedsInfo),
            InboxViews.Answered => cases.Where(s => s.Status == SubmissionStatus.Answered),
            _ => cases,
        };
    }

    private SearchQuery IndexQuery(InboxFilter f, string view, int page, DateTimeOffset now, DateTimeOffset dueSoon, SearchScope searchScope) => new()
    {
        Scope = searchScope,
        Text = f.Q,
        Statuses = f.Status.Count > 0 ? f.Status : view switch
        {
            InboxViews.New => ["delivered"],
            InboxViews.NeedsInfo => ["needs_info"],
            InboxViews.Answered => ["answered"],
            _ => [],
        },
        Fields = f.Field,
        Agencies = f.Agency,
        AssigneeId = view == InboxViews.Mine ? scope.UserId : null,
        Overdue = view switch { InboxViews.Overdue => true, InboxViews.DueSoon => false, _ => null },
        DueBefore = view == InboxViews.DueSoon ? dueSoon : null,
        Sort = string.IsNullOrWhiteSpace(f.Q) ? SearchSort.Newest : SearchSort.Relevance,
        Page = page,
        PageSize = PageSize,
        IncludeFacets = true,
        Now = now,
    };
}
