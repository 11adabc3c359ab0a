using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 1,
    Postgres,
}

public static class DatabaseRegistration
{
    public const string SqliteMigrationsAssembly = "FeedbackPortal.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "FeedbackPortal.Migrations.Postgres";

    public static DatabaseProvider Provider(IConfiguration configuration) =>
        PortalConfigurationException.ParseChoice("Database:Provider", configuration["Database:Provider"], DatabaseProvider.Sqlite);

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = Provider(configuration);
        var connectionString = ConnectionString(configuration, provider);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.AddDbContext<PortalDbContext>((sp, options) =>
        {
            Configure(options, provider, connectionString);
            options.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>());
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new PortalConfigurationException($"Unsupported database provider {provider}.");
        }

        // Our migrations are SQL scripts checked by a schema-drift test, not EF snapshots
        // (EF's design-time package is not available here): see docs/architecture.md.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            return configuration.GetConnectionString("Postgres") is { Length: > 0 } pg
                ? pg
                : throw new PortalConfigurationException(
                    "Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
        }

        if (configuration.GetConnectionString("Sqlite") is { Length: > 0 } sqlite)
        {
            return sqlite;
        }

        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        var path = portal.ResolveDataPath("portal.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared cache off, WAL set by the initializer: readers never block the single writer.
        return $"Data Source={path};Cache=Private;Pooling=True;Default Timeout=30";
    }
}
