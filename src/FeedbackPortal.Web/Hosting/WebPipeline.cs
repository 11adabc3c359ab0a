using FeedbackPortal.Infrastructure.Portal;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Hosting;

public static class WebPipeline
{
    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePortalAbuseLimits();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapControllers();
        app.MapPortalOpenApi();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
            app.Logger.LogInformation("FeedbackPortal is running at {Urls} (data directory: {DataDirectory}).",
                string.Join(", ", app.Urls), Path.GetFullPath(options.DataDirectory));
        });
        return app;
    }
}
