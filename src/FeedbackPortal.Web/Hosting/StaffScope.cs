using System.Security.Claims;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// The agencies the signed-in staff member may see. Every staff query filters by it, so another
/// agency's case is simply not found. Coordinators and admins see all agencies.
/// </summary>
public sealed class StaffScope(IHttpContextAccessor http, PortalDbContext db)
{
    private IReadOnlyList<string>? _agencies;

    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    public bool SeesAllAgencies => User.IsInRole(StaffRoles.Coordinator) || User.IsInRole(StaffRoles.Admin);

    public async Task<IReadOnlyList<string>> AgenciesAsync(CancellationToken cancellationToken)
    {
        if (_agencies is not null)
        {
            return _agencies;
        }

        if (SeesAllAgencies)
        {
            _agencies = await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(cancellationToken);
        }
        else
        {
            var userId = UserId;
            _agencies = userId is null
                ? []
                : await db.StaffAgencies.AsNoTracking().Where(s => s.UserId == userId).Select(s => s.AgencyCode).ToListAsync(cancellationToken);
        }

        return _agencies;
    }

    public async Task<SearchScope> SearchScopeAsync(CancellationToken cancellationToken) =>
        SeesAllAgencies ? SearchScope.AllAgencies : SearchScope.Staff(await AgenciesAsync(cancellationToken));
}
