using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>
/// Start-up at scale: several processes starting together on one empty database all come up,
/// migrate it once and seed it once — also when the database is slow to hand over the start-up lock.
/// </summary>
public sealed class ConcurrentStartupTests
{
    private const long StartupLockKey = 0x46505354_41525431; // StartupLock's key

    [Fact]
    [Trait("Category", "ProductionEngines")]
    public async Task Three_worker_processes_starting_together_on_an_empty_database_migrate_and_seed_it_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var rabbit = await RabbitVirtualHost.CreateAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => PortalProcess.StartWorker(database, rabbit)).ToList();
        try
        {
            // Each runs Migrate + seed at start-up; without the lock one would hit duplicate keys and exit.
            // They take turns through migrate + seed, so the last one may need several start-ups' time.
            await Task.WhenAll(workers.Select(w => w.WaitUntilReadyAsync(Patience.Startup * workers.Count)));
            await AssertMigratedAndSeededOnceAsync(DatabaseProvider.Postgres, database.ConnectionString);
        }
        finally
        {
            await DisposeAllAsync(workers);
        }
    }

    [Fact]
    [Trait("Category", "ProductionEngines")]
    public async Task A_worker_waits_for_the_start_up_lock_far_longer_than_its_command_timeout()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var rabbit = await RabbitVirtualHost.CreateAsync();

        // Another instance "migrating" for a long time: the test holds the lock on its own session.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await Execute(holder, $"SELECT pg_advisory_lock({StartupLockKey})");

        // A 1 s command timeout: a blocking pg_advisory_lock would be cut off after 1 s and the process would die.
        var impatient = new NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        await using var worker = PortalProcess.StartWorker(database, rabbit, new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = impatient });

        // It logs that it is waiting after 10 s (ten command timeouts) and is still alive, not ready.
        await Eventually.UntilAsync(() => Task.FromResult(worker.HasExited || worker.Output.Any(l => l.Contains("Waiting for another instance", StringComparison.Ordinal))),
            Patience.Startup, "the worker to report that it waits for the start-up lock");
        Assert.False(worker.HasExited, worker.RecentOutput);
        Assert.False(await IsReadyAsync(worker));

        await Execute(holder, $"SELECT pg_advisory_unlock({StartupLockKey})");
        await worker.WaitUntilReadyAsync(Patience.Startup);
        await AssertMigratedAndSeededOnceAsync(DatabaseProvider.Postgres, database.ConnectionString);
    }

    [Fact]
    public async Task Three_embedded_workers_starting_together_on_one_data_directory_migrate_and_seed_it_once()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fp-startup-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        var workers = Enumerable.Range(0, 3).Select(_ => PortalProcess.StartEmbedded(dataDirectory)).ToList();
        try
        {
            // SQLite: the start-up lock is a file lock next to portal.db; the busy timeout covers the rest.
            // They take turns through migrate + seed, so the last one may need several start-ups' time.
            await Task.WhenAll(workers.Select(w => w.WaitUntilReadyAsync(Patience.Startup * workers.Count)));
            await AssertMigratedAndSeededOnceAsync(DatabaseProvider.Sqlite,
                $"Data Source={Path.Combine(dataDirectory, "portal.db")};Pooling=False");
        }
        finally
        {
            await DisposeAllAsync(workers);
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task AssertMigratedAndSeededOnceAsync(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DatabaseRegistration.Configure(options, provider, connectionString);
        await using var db = new PortalDbContext(options.Options);
        Assert.Single(await db.Database.GetAppliedMigrationsAsync());
        var catalog = ReferenceCatalog.Load();
        Assert.Equal(catalog.Agencies.Count, await db.Agencies.CountAsync());
        Assert.Equal(catalog.Fields.Count, await db.Fields.CountAsync());
    }

    /// <summary>Ready means /health/ready is 200; the listener may not even be open while start-up waits.</summary>
    private static async Task<bool> IsReadyAsync(PortalProcess worker)
    {
        try
        {
            using var response = await worker.GetAsync("/health/ready");
            return response.StatusCode == System.Net.HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task DisposeAllAsync(IEnumerable<PortalProcess> workers)
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }
}
