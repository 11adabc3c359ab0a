using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure.Sla;

public static class DeadlineMonitorRegistration
{
    /// <summary>One instance: the hosted loop and tests' RunOnceAsync share it.</summary>
    public static IServiceCollection AddDeadlineMonitor(this IServiceCollection services)
    {
        services.AddSingleton<DeadlineMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineMonitor>());
        return services;
    }
}
