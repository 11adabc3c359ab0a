using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Inbox;

public sealed record InboxRow(string TrackingCode, string Kind, string Title, string Status, string? Agency,
    DateTimeOffset SubmittedAt, DateTimeOffset? Deadline, string? AssigneeName, bool Overdue);

public sealed class InboxPage
{
    public string? Query { get; init; }
    public required IReadOnlyList<InboxRow> Rows { get; init; }
    public long Total { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
    public required IReadOnlyList<string> Agencies { get; init; }
}

/// <summary>
/// The staff inbox: the cases of the officer's own agencies, newest first; <c>?q=</c> searches the
/// index within the same scope. Scoping is in every query, so other agencies' cases never appear.
/// </summary>
[Route("staff/inbox")]
[Authorize(Policy = Policies.Staff)]
public sealed class InboxController(PortalDbContext db, ISearchIndex index, StaffScope scope, TimeProvider clock) : Controller
{
    private const int PageSize = 25;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var agencies = await scope.AgenciesAsync(ct);
        var now = clock.GetUtcNow();
        IReadOnlyList<InboxRow> rows;
        long total;
        if (string.IsNullOrWhiteSpace(q))
        {
            var cases = db.Submissions.AsNoTracking().Where(s => s.AgencyCode != null && agencies.Contains(s.AgencyCode));
            total = await cases.LongCountAsync(ct);
            var list = await cases.OrderByDescending(s => s.SubmittedAt)
                .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
            rows = list.Select(s => new InboxRow(s.TrackingCode, s.Kind.Code(), s.Title, s.Status.Code(), s.AgencyCode,
                s.SubmittedAt, s.Deadline, s.AssigneeName, s.IsOverdue(now))).ToList();
        }
        else
        {
            var results = await index.SearchAsync(new SearchQuery
            {
                Scope = await scope.SearchScopeAsync(ct),
                Text = q,
                Page = page,
                PageSize = PageSize,
                Now = now,
            }, ct);
            total = results.Total;
            rows = results.Hits.Select(h => h.Document).Select(d => new InboxRow(d.TrackingCode, d.Kind, d.Title, d.Status, d.Agency,
                d.SubmittedAt, d.Deadline, d.AssigneeName,
                d.Deadline < now && OpenStatuses.ClockRunning.Contains(d.Status))).ToList();
        }

        return View("Index", new InboxPage { Query = q, Rows = rows, Total = total, Page = page, PageSize = PageSize, Agencies = agencies });
    }
}
