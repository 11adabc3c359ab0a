using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Health;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure;

/// <summary>What every host needs: options, database, search, e-mail, clock. Workers add the bus on top.</summary>
public static class PortalRegistration
{
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        // Published figures (dashboard, reports, the monthly job): one query layer, briefly cached.
        services.AddMemoryCache();
        services.AddScoped<Statistics.StatisticsQuery>();
        services.AddScoped<Statistics.MonthlyReports>();
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Portal:DataDirectory must not be empty.")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Portal:PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<SlaOptions>().Bind(configuration.GetSection(SlaOptions.Section))
            .Validate(o => o.WorkingDays.Feedback > 0 && o.WorkingDays.Initiative > 0, "Sla:WorkingDays must be positive.")
            .ValidateOnStart();
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.LeaseSeconds > 0 && o.BatchSize > 0 && o.PollIntervalMilliseconds > 0, "Outbox settings must be positive.")
            .ValidateOnStart();
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.KeyLifetime > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero, "Idempotency:KeyLifetime and CleanupInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DeadlineCalculator>();
        services.AddSingleton<Telemetry.PortalMetrics>();
        services.AddSingleton<PortalReadiness>();
        services.AddSingleton(_ => ReferenceData.CommuneDirectory.FromConfiguration(configuration));
        services.AddScoped<DemoDataSeeder>();

        services.AddPortalDatabase(configuration);
        services.AddPortalSearch(configuration);
        services.AddPortalEmail(configuration);
        services.AddPortalStaff(configuration);

        // First hosted service: the database is migrated before the bus or the server start.
        services.AddHostedService<DatabaseInitializer>();
        services.AddPortalHealthChecks(configuration);
        return services;
    }
}
