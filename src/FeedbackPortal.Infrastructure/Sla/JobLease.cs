using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Sla;

/// <summary>
/// A named lease so a scheduled job runs in one replica at a time: taken with a guarded UPDATE
/// (only when free, expired or already ours), like the outbox dispatcher's row leases.
/// </summary>
public sealed class JobLease
{
    public string Name { get; set; } = string.Empty;
    public Guid? Owner { get; set; }
    public DateTimeOffset? Until { get; set; }

    public static async Task<bool> TryTakeAsync(PortalDbContext db, string name, Guid owner, DateTimeOffset now, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        if (!await db.JobLeases.AsNoTracking().AnyAsync(l => l.Name == name, cancellationToken))
        {
            try
            {
                db.JobLeases.Add(new JobLease { Name = name });
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another replica created it first: fine, compete for it below.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        var until = now + duration;
        var taken = await db.JobLeases
            .Where(l => l.Name == name && (l.Owner == null || l.Until == null || l.Until < now || l.Owner == owner))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, owner).SetProperty(l => l.Until, until), cancellationToken);
        return taken == 1;
    }

    public static Task ReleaseAsync(PortalDbContext db, string name, Guid owner, CancellationToken cancellationToken) =>
        db.JobLeases.Where(l => l.Name == name && l.Owner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, (Guid?)null).SetProperty(l => l.Until, (DateTimeOffset?)null),
                cancellationToken);
}
