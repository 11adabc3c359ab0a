using System.Security.Claims;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Hosting;

namespace FeedbackPortal.Web.Features.Audit;

/// <summary>
/// Records who did or saw what, from where. Actions call <see cref="Add"/> explicitly, so the entry
/// is saved in the same SaveChanges as the change it describes; views of personal data call
/// <see cref="RecordAsync"/>. There is deliberately no update or delete.
/// </summary>
public sealed class AuditLog(PortalDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public void Add(string action, string? trackingCode, string? details = null)
    {
        var context = http.HttpContext;
        var user = context?.User ?? new ClaimsPrincipal();
        var apiClient = user.FindFirstValue(ApiKeyHandler.ClientIdClaim);
        var actor = apiClient ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var name = apiClient is not null
            ? user.FindFirstValue(ClaimTypes.Name)
            : user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.Name);
        db.AuditEntries.Add(AuditEntry.Create(clock.GetUtcNow(), actor, name, apiClient is not null, action, trackingCode, details,
            context?.Connection.RemoteIpAddress?.ToString(), context?.Request.Headers.UserAgent.ToString()));
    }

    public async Task RecordAsync(string action, string? trackingCode, string? details, CancellationToken cancellationToken)
    {
        Add(action, trackingCode, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
