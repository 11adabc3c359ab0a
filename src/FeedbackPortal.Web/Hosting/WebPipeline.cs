using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Health;
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

        app.MapPortalHealthChecks();
        app.MapControllers();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
            app.Logger.LogInformation("FeedbackPortal is running at {Urls} (data directory: {DataDirectory}).",
                string.Join(", ", app.Urls), Path.GetFullPath(options.DataDirectory));
        });
        return app;
    }
}
