using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure.Reconciliation;

public static class ReconcilerRegistration
{
    /// <summary>One instance: the hosted loop and tests' RunOnceAsync share it (and its counter).</summary>
    public static IServiceCollection AddStageReconciler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<ReconcilerOptions>().Bind(configuration.GetSection(ReconcilerOptions.Section))
            .Validate(o => o.IntervalSeconds > 0 && o.StuckAfterSeconds > 0 && o.LookbackHours > 0, "Reconciler settings must be positive.")
            .ValidateOnStart();
        services.AddSingleton<StageReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<StageReconciler>());
        return services;
    }
}
