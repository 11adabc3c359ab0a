using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Audit;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Admin;

public sealed record StaffRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Agencies,
    bool Locked, bool TwoFactor);

public sealed class AdminPage
{
    public required IReadOnlyList<StaffRow> Staff { get; init; }
    public required IReadOnlyList<Agency> Agencies { get; init; }
    public string? Q { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
    public string? Done { get; init; }
}

/// <summary>Administrators: staff accounts (role + agencies, lock/unlock) and the agency list.</summary>
[Route("staff/admin")]
[Authorize(Policy = Policies.Admin)]
public sealed class AdminController(PortalDbContext db, UserManager<StaffUser> users, AuditLog audit, TimeProvider clock,
    IStringLocalizer<AdminText> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] string? done, CancellationToken ct) =>
        View("Index", await PageAsync(q, [], done, ct));

    [HttpPost("staff")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create([FromForm] string? email, [FromForm, DisplayLine] string? displayName, [FromForm, DisplayLine] string? jobTitle,
        [FromForm, DisplayLine] string? unit, [FromForm] string? role,
        [FromForm] string? password, [FromForm] List<string> agencies, CancellationToken ct)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            errors.Add(text["Error.Required"]);
        }

        if (role is null || !StaffRoles.All.Contains(role))
        {
            errors.Add(text["Error.Role"]);
        }

        var known = await db.Agencies.Select(a => a.Code).ToListAsync(ct);
        if (agencies.Any(a => !known.Contains(a)) || (role is StaffRoles.Officer or StaffRoles.Head && agencies.Count == 0))
        {
            errors.Add(text["Error.Agencies"]);
        }

        if (errors.Count == 0)
        {
            var user = new StaffUser
            {
                UserName = email!.Trim(), Email = email.Trim(), EmailConfirmed = true, LockoutEnabled = true,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Trim() : displayName.Trim(),
                JobTitle = string.IsNullOrWhiteSpace(jobTitle) ? null : jobTitle.Trim(),
                Unit = string.IsNullOrWhiteSpace(unit) ? null : unit.Trim(),
            };
            var created = await users.CreateAsync(user, password!);
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, role!);
                foreach (var agency in agencies.Distinct())
                {
                    db.StaffAgencies.Add(new StaffAgency { UserId = user.Id, AgencyCode = agency });
                }

                audit.Add("admin.create_staff", null, $"{user.Email} {role} [{string.Join(",", agencies)}]");
                await db.SaveChangesAsync(ct);
                return Redirect("/staff/admin?done=created");
            }

            errors.AddRange(created.Errors.Select(e => e.Description));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Index", await PageAsync(null, errors, null, ct));
    }

    [HttpPost("staff/{id}/lock")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Lock(string id, CancellationToken ct) => SetLock(id, true, ct);

    [HttpPost("staff/{id}/unlock")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Unlock(string id, CancellationToken ct) => SetLock(id, false, ct);

    [HttpPost("agencies/{code}/approval")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Approval(string code, [FromForm] bool required, CancellationToken ct)
    {
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Code == code, ct);
        if (agency is null)
        {
            return NotFound();
        }

        agency.SetRequiresAnswerApproval(required);
        audit.Add("admin.agency_approval", null, $"{code}={required}");
        await db.SaveChangesAsync(ct);
        return Redirect("/staff/admin?done=agency#agencies");
    }

    private async Task<IActionResult> SetLock(string id, bool locked, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (locked)
        {
            // Signs the account out everywhere at the next cookie validation.
            await users.UpdateSecurityStampAsync(user);
        }

        audit.Add(locked ? "admin.lock" : "admin.unlock", null, user.Email);
        await db.SaveChangesAsync(ct);
        return Redirect("/staff/admin?done=" + (locked ? "locked" : "unlocked"));
    }

    private async Task<AdminPage> PageAsync(string? q, IReadOnlyList<string> errors, string? done, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var normalized = q.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(normalized));
        }

        var list = await query.OrderBy(u => u.Email).Take(200)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.TwoFactorEnabled }).ToListAsync(ct);
        var ids = list.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var memberships = await db.StaffAgencies.AsNoTracking().Where(m => ids.Contains(m.UserId)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new AdminPage
        {
            Q = q,
            Errors = errors,
            Done = done,
            Staff = list.Select(u => new StaffRow(u.Id, u.Email ?? "", u.DisplayName,
                roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToList(),
                memberships.Where(m => m.UserId == u.Id).Select(m => m.AgencyCode).ToList(),
                u.LockoutEnd > now, u.TwoFactorEnabled)).ToList(),
            Agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct),
        };
    }
}

public sealed class AdminText;
