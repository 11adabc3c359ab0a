using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>
/// Serialises start-up (migrate + seed) across processes sharing one database, so web and worker
/// replicas starting together do not race to create tables or insert the same reference rows.
/// PostgreSQL: a session-level advisory lock. SQLite (web and worker on one host, one data
/// directory): an exclusive lock on a file next to the database. Both are released by the OS or the
/// server when the holder dies, so a crashed start-up never blocks the next one.
/// <para>
/// The lock is polled (<c>pg_try_advisory_lock</c>, a non-blocking open) rather than waited for in one
/// statement: a blocking <c>pg_advisory_lock</c> is cut off by Npgsql's 30 s command timeout when many
/// processes start on a busy database, and the process dies. Polling needs no long command, survives
/// a connection that could not be opened in time, and gives up only after Database:StartupTimeout.
/// </para>
/// </summary>
internal sealed class StartupLock : IAsyncDisposable
{
    private const long LockKey = 0x46505354_41525431; // "FPSTART1"
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);

    private readonly PortalDbContext? _db;
    private readonly FileStream? _file;

    private StartupLock(PortalDbContext? db, FileStream? file)
    {
        _db = db;
        _file = file;
    }

    public static Task<StartupLock> AcquireAsync(PortalDbContext db, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return PollAsync(() => TryPostgresAsync(db, cancellationToken), timeout, logger, cancellationToken);
        }

        var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:")
        {
            return Task.FromResult(new StartupLock(null, null));
        }

        var lockPath = Path.GetFullPath(path) + ".startup-lock";
        return PollAsync(() => Task.FromResult(TryFile(lockPath)), timeout, logger, cancellationToken);
    }

    private static async Task<StartupLock> PollAsync(Func<Task<StartupLock?>> attempt, TimeSpan timeout, ILogger logger,
        CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await attempt() is { } acquired)
            {
                if (waited.Elapsed > LogEvery)
                {
                    logger.LogInformation("Start-up lock taken after {Seconds:F0} s.", waited.Elapsed.TotalSeconds);
                }

                return acquired;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Another instance held the database start-up lock (migration and seeding) for more than {timeout} " +
                    "(Database:StartupTimeout), or the database could not be reached for that long.");
            }

            if (waited.Elapsed - lastLog >= LogEvery)
            {
                lastLog = waited.Elapsed;
                logger.LogInformation("Waiting for another instance to finish migrating and seeding the database ({Seconds:F0} s so far).",
                    waited.Elapsed.TotalSeconds);
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
        }
    }

    private static async Task<StartupLock?> TryPostgresAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT pg_try_advisory_lock({LockKey})";
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new StartupLock(db, null);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // A database too busy to accept or answer in time: try again, within the overall timeout.
        }

        await db.Database.CloseConnectionAsync();
        return null;
    }

    private static StartupLock? TryFile(string lockPath)
    {
        try
        {
            // FileShare.None is an exclusive flock() on Unix and a share lock on Windows: other processes fail to open it.
            return new StartupLock(null, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

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
