using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.IntegrationTests.Hosting;

public sealed class ConcurrentStartupTests
{
    [Fact]
    public async Task Three_worker_processes_starting_together_on_an_empty_database_migrate_and_seed_it_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var rabbit = await RabbitVirtualHost.CreateAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => PortalProcess.StartWorker(database, rabbit)).ToList();
        try
        {
            // Each runs Migrate + seed at start-up; without the locks one would hit duplicate keys and exit.
            await Task.WhenAll(workers.Select(w => w.WaitUntilReadyAsync()));

            var options = new DbContextOptionsBuilder<PortalDbContext>();
            DatabaseRegistration.Configure(options, DatabaseProvider.Postgres, database.ConnectionString);
            await using var db = new PortalDbContext(options.Options);
            Assert.Single(await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(ReferenceCatalog.Load().Agencies.Count, await db.Agencies.CountAsync());
            Assert.Equal(ReferenceCatalog.Load().Fields.Count, await db.Fields.CountAsync());
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
