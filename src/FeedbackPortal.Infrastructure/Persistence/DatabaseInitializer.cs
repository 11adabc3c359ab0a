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
        if (db.Database.IsSqlite())
        {
            // WAL: readers do not block the writer; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // Web and worker replicas all run this; the lock makes concurrent start-ups take turns.
        await using (await StartupLock.AcquireAsync(db, cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            await SeedAsync(scope.ServiceProvider, db, cancellationToken);
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
