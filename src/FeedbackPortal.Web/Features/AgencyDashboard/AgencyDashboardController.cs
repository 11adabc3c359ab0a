using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.AgencyDashboard;

public sealed record OfficerLoad(string? OfficerId, string Officer, int Open, int Overdue, int DueSoon, int AnsweredLast30Days);

public sealed record DashboardCase(string TrackingCode, string Title, string Status, DateTimeOffset? Deadline, string? Assignee,
    DateTimeOffset? ReviewRequestedAt);

public sealed record DashboardRating(string TrackingCode, SatisfactionLevel Level, string? Comment, bool ReviewRequested, DateTimeOffset At);

public sealed class AgencyDashboardPage
{
    public required string Agency { get; init; }
    public required string AgencyName { get; init; }
    public required IReadOnlyList<(string Code, string Name)> Agencies { get; init; }
    public required IReadOnlyList<OfficerLoad> Officers { get; init; }
    public required IReadOnlyList<DashboardCase> Overdue { get; init; }
    public required IReadOnlyList<DashboardCase> DueSoon { get; init; }
    public required IReadOnlyList<DashboardCase> ReviewRequested { get; init; }
    public required IReadOnlyDictionary<SatisfactionLevel, int> RatingCounts { get; init; }
    public required IReadOnlyList<DashboardRating> RecentRatings { get; init; }
}

/// <summary>
/// The agency head's dashboard: the load per officer, overdue and soon-due cases, cases the
/// submitter asked to review, and the ratings of the last 90 days with their (internal) comments,
/// each linking into the inbox or the case. Scoped to the viewer's agencies like the inbox.
/// </summary>
[Route("staff/dashboard")]
[Authorize(Policy = Policies.Staff)]
public sealed class AgencyDashboardController(PortalDbContext db, StaffScope scope, TimeProvider clock, DeadlineCalculator deadlines,
    IOptions<SlaOptions> sla) : Controller
{
    private const int ListLimit = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? agency, CancellationToken ct)
    {
        var mine = await scope.AgenciesAsync(ct);
        var chosen = agency is not null && mine.Contains(agency) ? agency : mine.FirstOrDefault();
        if (chosen is null)
        {
            return Forbid();
        }

        var now = clock.GetUtcNow();
        var dueSoon = deadlines.Calendar.AddWorkingDays(now, sla.Value.DueSoonWorkingDays);
        var running = Submission.ClockRunningStates.ToList();
        var finished = SubmissionStatuses.Finished.ToList();
        var cases = db.Submissions.AsNoTracking().Where(s => s.AgencyCode == chosen);
        var open = await cases.Where(s => !finished.Contains(s.Status))
            .Select(s => new { s.AssigneeId, s.AssigneeName, s.Status, s.Deadline, s.ClockPausedAt }).ToListAsync(ct);
        var monthAgo = now.AddDays(-30);
        var answered = await cases.Where(s => s.AnsweredAt != null && s.AnsweredAt >= monthAgo)
            .GroupBy(s => s.AssigneeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key ?? "", g => g.Count, ct);
        bool Overdue(SubmissionStatus st, DateTimeOffset? d, DateTimeOffset? paused) => running.Contains(st) && paused == null && d < now;
        bool Soon(SubmissionStatus st, DateTimeOffset? d, DateTimeOffset? paused) =>
            running.Contains(st) && paused == null && d >= now && d <= dueSoon;
        var officers = open.GroupBy(s => s.AssigneeId)
            .Select(g => new OfficerLoad(g.Key, g.First().AssigneeName ?? "", g.Count(), g.Count(s => Overdue(s.Status, s.Deadline, s.ClockPausedAt)),
                g.Count(s => Soon(s.Status, s.Deadline, s.ClockPausedAt)), answered.GetValueOrDefault(g.Key ?? "")))
            .OrderByDescending(o => o.Overdue).ThenByDescending(o => o.Open).ToList();

        IQueryable<DashboardCase> Rows(IQueryable<Submission> q) => q.OrderBy(s => s.Deadline).Take(ListLimit)
            .Select(s => new DashboardCase(s.TrackingCode, s.Title, s.Status.Code(), s.Deadline, s.AssigneeName, s.ReviewRequestedAt));
        var clockRunning = cases.Where(s => running.Contains(s.Status) && s.ClockPausedAt == null && s.Deadline != null);
        var since = now.AddDays(-90);
        var ratings = db.Ratings.AsNoTracking().Where(r => r.AgencyCode == chosen && r.RatedAt >= since);
        var names = (await db.Agencies.AsNoTracking().Where(a => mine.Contains(a.Code)).ToListAsync(ct))
            .Select(a => (a.Code, a.Name(ReferenceLists.Language))).OrderBy(a => a.Item2, StringComparer.CurrentCulture).ToList();
        return View("/Features/AgencyDashboard/Index.cshtml", new AgencyDashboardPage
        {
            Agency = chosen,
            AgencyName = names.FirstOrDefault(n => n.Code == chosen).Item2 ?? chosen,
            Agencies = names,
            Officers = officers,
            Overdue = await Rows(clockRunning.Where(s => s.Deadline < now)).ToListAsync(ct),
            DueSoon = await Rows(clockRunning.Where(s => s.Deadline >= now && s.Deadline <= dueSoon)).ToListAsync(ct),
            ReviewRequested = await Rows(cases.Where(s => s.ReviewRequestedAt != null && !finished.Contains(s.Status))).ToListAsync(ct),
            RatingCounts = await ratings.GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct),
            RecentRatings = await (from r in ratings
                                   join s in db.Submissions on r.SubmissionId equals s.Id
                                   orderby r.RatedAt descending
                                   select new DashboardRating(s.TrackingCode, r.Level, r.Comment, r.ReviewRequested, r.RatedAt))
                .Take(ListLimit).ToListAsync(ct),
        });
    }
}

/// <summary>Marker for the dashboard's texts.</summary>
public sealed class AgencyDashboardText;
