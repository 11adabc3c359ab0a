using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Audit;

public sealed class AuditPage
{
    public string? Q { get; init; }
    public string? User { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public required IReadOnlyList<AuditEntry> Entries { get; init; }
    public int Page { get; init; }
    public bool HasMore { get; init; }
}

/// <summary>Coordinators search the audit log (read-only: there is no edit or delete anywhere).</summary>
[Route("staff/audit")]
[Authorize(Policy = Policies.Coordinator)]
public sealed class AuditController(PortalDbContext db) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] string? user, [FromQuery] DateOnly? from,
        [FromQuery] DateOnly? to, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            entries = entries.Where(e => e.Action.Contains(term) || (e.TrackingCode != null && e.TrackingCode.Contains(term.ToUpperInvariant()))
                || (e.Details != null && e.Details.Contains(term)));
        }

        if (!string.IsNullOrWhiteSpace(user))
        {
            var who = user.Trim();
            entries = entries.Where(e => e.Actor == who || (e.ActorName != null && e.ActorName.Contains(who)));
        }

        if (from is { } f)
        {
            var start = new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), Domain.Scheduling.WorkingCalendar.VietnamOffset).ToUniversalTime();
            entries = entries.Where(e => e.At >= start);
        }

        if (to is { } t)
        {
            var end = new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), Domain.Scheduling.WorkingCalendar.VietnamOffset).ToUniversalTime();
            entries = entries.Where(e => e.At < end);
        }

        var list = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        return View("Index", new AuditPage
        {
            Q = q, User = user, From = from, To = to, Page = page,
            Entries = list.Take(PageSize).ToList(),
            HasMore = list.Count > PageSize,
        });
    }
}

public sealed class AuditText;
