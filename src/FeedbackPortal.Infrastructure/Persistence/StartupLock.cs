using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>
/// Serialises start-up (migrate + seed) across processes sharing one PostgreSQL database, so web
/// and worker replicas starting together do not race to insert the same reference rows. EF Core 9+
/// already locks the migration itself; this lock also covers the seeding that follows it. A
/// session-level advisory lock: released when the connection closes, even if the process dies.
/// SQLite needs nothing: it is single-machine and serialises writers itself.
/// </summary>
internal sealed class StartupLock : IAsyncDisposable
{
    private const long LockKey = 0x46505354_41525431; // "FPSTART1"
    private readonly PortalDbContext? _db;

    private StartupLock(PortalDbContext? db) => _db = db;

    public static async Task<StartupLock> AcquireAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return new StartupLock(null);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        return new StartupLock(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null)
        {
            return;
        }

        try
        {
            await _db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})");
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
        }
    }
}
