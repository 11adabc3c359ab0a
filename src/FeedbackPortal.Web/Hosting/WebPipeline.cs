using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Health;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Hosting;

public static class WebPipeline
{
    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        app.UsePortalSecurityHeaders();
        app.UseResponseCompression();
        // Before the error handlers, so error pages (re-executed without the query string) keep the language.
        app.UseRequestLocalization();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }

        // Friendly localised pages for bodiless 4xx/5xx of pages; APIs keep their own problem bodies.
        app.UseWhen(c => !ApiErrors.IsMachineEndpoint(c.Request.Path), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UsePortalApiErrors();
        app.UsePortalStaticFiles();
        app.UseRouting();
        app.UsePortalSignInThrottle(); // before authentication: a guesser over budget gets no answer to the guess
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePortalAbuseLimits();

        app.MapPortalHealthChecks();
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
