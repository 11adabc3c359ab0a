using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FeedbackPortal.IntegrationTests.Persistence;

/// <summary>
/// Our migrations are SQL scripts, so a test must prove they build exactly the schema the EF model
/// describes: migrate one database, create another straight from the model, compare the two.
/// </summary>
public sealed class MigrationsTests
{
    [Fact]
    public async Task Sqlite_migrations_build_the_schema_the_model_describes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fp-migrations-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var migrated = $"Data Source={Path.Combine(dir, "migrated.db")};Pooling=False";
            var modelled = $"Data Source={Path.Combine(dir, "modelled.db")};Pooling=False";
            await using (var db = Context(DatabaseProvider.Sqlite, migrated))
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }

            await using (var db = Context(DatabaseProvider.Sqlite, modelled))
            {
                await db.Database.EnsureCreatedAsync();
            }

            Assert.Equal(await SqliteSchemaAsync(modelled), await SqliteSchemaAsync(migrated));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "ProductionEngines")]
    public async Task Postgres_migrations_build_the_schema_the_model_describes()
    {
        await using var migrated = await PostgresDatabase.CreateAsync();
        await using var modelled = await PostgresDatabase.CreateAsync();
        await using (var db = Context(DatabaseProvider.Postgres, migrated.ConnectionString))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = Context(DatabaseProvider.Postgres, modelled.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
        }

        Assert.Equal(await PostgresSchemaAsync(modelled.ConnectionString), await PostgresSchemaAsync(migrated.ConnectionString));
    }

    private static PortalDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DatabaseRegistration.Configure(options, provider, connectionString);
        return new PortalDbContext(options.Options);
    }

    private static async Task<List<string>> SqliteSchemaAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master " +
                              "WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '%__EFMigrations%' ORDER BY name";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static async Task<List<string>> PostgresSchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '') || ' ' || is_nullable || ' ' || coalesce(column_default, '')
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EFMigrations%'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EFMigrations%'
            UNION ALL
            SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '%EFMigrations%'
            ORDER BY 1
            """;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.NotEmpty(rows);
        return rows;
    }
}
