using FeedbackPortal.Infrastructure;
using FeedbackPortal.Infrastructure.Health;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Worker;

/// <summary>
/// The worker host: the same registration as the web host's in-process workers (AddPortalCore +
/// AddPortalWorkers: consumers, outbox dispatcher, scheduled jobs) without the web front end.
/// Portal:InProcessWorkers is irrelevant here: this host exists to run them.
/// </summary>
public static class WorkerRegistration
{
    /// <summary>Health listener port when neither ASPNETCORE_HTTP_PORTS nor ASPNETCORE_URLS is set.</summary>
    public const string DefaultHealthPort = "8081";

    public static WebApplicationBuilder AddPortalWorkerHost(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseSetting("http_ports", DefaultHealthPort);
        }

        // The slim builder pins the simple console formatter after binding configuration; honour
        // Logging:Console:FormatterName (json in appsettings.Production.json) like the web host does.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }

        // A worker must stop cleanly: finish in-flight messages and release its bus connection.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddPortalCore(builder.Configuration);
        builder.AddPortalTelemetry("feedbackportal-worker");
        builder.Services.AddPortalWorkers(builder.Configuration);
        return builder;
    }

    public static WebApplication UsePortalWorkerHost(this WebApplication app)
    {
        app.MapPortalHealthChecks();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
            app.Logger.LogInformation("FeedbackPortal worker is running (transport {Transport}; health at {Urls}; data directory {DataDirectory}).",
                MessagingRegistration.Transport(app.Configuration), string.Join(", ", app.Urls), Path.GetFullPath(options.DataDirectory));
        });
        return app;
    }
}
