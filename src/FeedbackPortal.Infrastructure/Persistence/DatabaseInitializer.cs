using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>Set once the database is migrated and reference data is in place.</summary>
public sealed class PortalReadiness
{
    private volatile bool _databaseReady;

    public bool DatabaseReady => _databaseReady;

    internal void MarkDatabaseReady() => _databaseReady = true;
}

/// <summary>
/// Runs before the bus and the web server start (it is registered first): applies migrations,
/// seeds reference data, prepares the search index and, in Development, the demo data.
/// </summary>
public sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    PortalReadiness readiness,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var timeout = StartupTimeout(configuration);

        // Build the EF model and load the migrations before queueing for the lock: on a loaded machine
        // that is the slow part of a start-up, and done here it runs in parallel, not in turns.
        _ = db.Model;
        _ = db.Database.GetMigrations();

        // Web and worker replicas all run this; the lock makes concurrent start-ups take turns.
        await using (await StartupLock.AcquireAsync(db, timeout, logger, cancellationToken))
        {
            // A busy database may take its time over DDL and the reference rows (and SQLite waits for
            // a busy file this long): the default 30 s command timeout must not kill the start-up.
            db.Database.SetCommandTimeout(timeout);
            if (db.Database.IsSqlite())
            {
                // WAL: readers do not block the writer; the setting persists in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
            await SeedAsync(scope.ServiceProvider, db, cancellationToken);
            db.Database.SetCommandTimeout(null);
        }

        try
        {
            await scope.ServiceProvider.GetRequiredService<ISearchIndex>().EnsureReadyAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<PublicSearchIndex>().Engine.EnsureReadyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or Search.Elasticsearch.ElasticsearchException)
        {
            // The index is derived data: the portal still takes submissions; indexing retries later.
            logger.LogWarning(ex, "The search index is not ready; searches will fail until it is.");
        }

        readiness.MarkDatabaseReady();
    }

    private async Task SeedAsync(IServiceProvider services, PortalDbContext db, CancellationToken cancellationToken)
    {
        var external = configuration.GetSection("Routing:ExternalAgencies").Get<string[]>() ?? [];
        await ReferenceDataSeeder.SeedAsync(db, external, AgencyContact.FromConfiguration(configuration), cancellationToken);

        if (environment.IsDevelopment())
        {
            var seeder = services.GetRequiredService<DemoDataSeeder>();
            await seeder.SeedAsync(cancellationToken);
        }
    }

    /// <summary>Database:StartupTimeout: how long start-up waits for the lock, and for each migration or seed command.</summary>
    public static TimeSpan StartupTimeout(IConfiguration configuration) =>
        configuration.GetValue("Database:StartupTimeout", TimeSpan.FromMinutes(10)) is var t && t > TimeSpan.Zero
            ? t
            : throw new Portal.PortalConfigurationException("Database:StartupTimeout must be positive (e.g. 00:10:00).");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
