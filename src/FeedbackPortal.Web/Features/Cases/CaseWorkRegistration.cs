using FeedbackPortal.Web.Features.Audit;

namespace FeedbackPortal.Web.Features.Cases;

public static class CaseWorkRegistration
{
    /// <summary>Case actions (shared by the staff pages and the agency API), the case page query and the audit log.</summary>
    public static IServiceCollection AddStaffCaseWork(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<CaseActions>();
        services.AddScoped<AnswerFiles>();
        services.AddScoped<CasePageQuery>();
        return services;
    }
}
