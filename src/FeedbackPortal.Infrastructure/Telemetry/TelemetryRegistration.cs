using System.Diagnostics;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FeedbackPortal.Infrastructure.Telemetry;

public enum TelemetryExporter
{
    /// <summary>Spans and metrics are produced in process (log scopes carry trace ids) but sent nowhere.</summary>
    None = 1,

    /// <summary>OTLP to the collector named by the standard OTEL_EXPORTER_OTLP_* variables (traces, metrics, logs).</summary>
    Otlp,
}

/// <summary>
/// OpenTelemetry for both hosts: ASP.NET Core, HttpClient and EF Core spans, MassTransit's spans and
/// meter, the portal's own source and meter, runtime metrics. One key, <c>Telemetry:Exporter</c>,
/// chooses where they go (validated at start-up like every adapter key); the endpoint, protocol,
/// headers and service name come from the standard OTEL_* variables, as collectors expect.
/// </summary>
public static class TelemetryRegistration
{
    public static TelemetryExporter Exporter(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        PortalConfigurationException.ParseChoice("Telemetry:Exporter", configuration?["Telemetry:Exporter"], TelemetryExporter.None);

    public static IHostApplicationBuilder AddPortalTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var exporter = Exporter(builder.Configuration);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                // OTEL_SERVICE_NAME (read by the SDK's default detectors) wins over our default.
                if (string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    r.AddService(serviceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString());
                }
            })
            .WithTracing(t => t
                .AddSource(PortalTelemetry.Name, PortalTelemetry.MassTransitName)
                // Probes every few seconds would drown the cases' traces.
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                // Only statements inside a trace: the dispatcher's and the jobs' polling would otherwise
                // make a root trace of every idle query. (The filter runs with the EF span as current.)
                .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (_, _) => Activity.Current?.Parent is not null))
            .WithMetrics(m => m
                .AddMeter(PortalTelemetry.Name, PortalTelemetry.MassTransitName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (exporter == TelemetryExporter.Otlp)
        {
            // Logs through OpenTelemetry too, with their scopes (trace id, tracking code) as attributes.
            otel.WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
