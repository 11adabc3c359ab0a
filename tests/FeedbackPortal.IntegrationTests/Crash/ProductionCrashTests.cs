using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.IntegrationTests.Hosting;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Crash;

/// <summary>
/// The production profile: PostgreSQL and RabbitMQ, the web host serving requests only, the
/// consumers in FeedbackPortal.Worker processes. The worker's embedded index and pickup folder live
/// in one data directory that each restarted worker takes over.
/// </summary>
public sealed partial class CrashTests
{
    [Fact]
    public async Task Production_worker_killed_during_routing_and_delivery_still_brings_every_acknowledged_case_to_its_end_state()
    {
        await using var web = await WebOnlyHost.StartAsync(rabbitUri: null);
        var workerData = Path.Combine(Path.GetTempPath(), "fp-crash-worker-" + Guid.NewGuid().ToString("N")[..12]);
        var worker = StartWorker(web, web.Rabbit!.AmqpUri, workerData);
        try
        {
            await worker.WaitUntilReadyAsync();
            await using var load = IntakeLoad.Start(() => web.CreateClient(), _scale.Clients, _scale.Pause, _scale.MaxSubmissions);
            for (var kill = 1; kill <= _scale.Kills; kill++)
            {
                await NextPhaseAsync(load);
                await WaitForDeliveriesAsync(web); // the worker is routing and delivering the load now
                await worker.KillAsync();
                await worker.DisposeAsync();
                worker = StartWorker(web, web.Rabbit!.AmqpUri, workerData);
                await worker.WaitUntilReadyAsync();
            }

            await NextPhaseAsync(load);
            await load.StopAsync();
            var (report, drain) = await EndStateOf(web, workerData).WaitForDrainAsync(load.Codes, _scale.DrainLimit);
            _scale.Report(report.Line("production, worker killed during routing and delivery", drain,
                $"kills={_scale.Kills} failedRequests={load.Failed}"), output);
            AssertGuarantee(report, worker);
        }
        finally
        {
            await worker.DisposeAsync();
            TryDelete(workerData);
        }
    }

    private static PortalProcess StartWorker(PortalHost web, string amqpUri, string dataDirectory) =>
        PortalProcess.StartWorker(web.Database!.ConnectionString, amqpUri, new Dictionary<string, string>
        {
            ["Outbox__LeaseSeconds"] = "10",
        }, dataDirectory);

    private static EndState EndStateOf(PortalHost web, string workerData)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DatabaseRegistration.Configure(options, DatabaseProvider.Postgres, web.Database!.ConnectionString);
        return new EndState(() => new PortalDbContext(options.Options), new EmbeddedSearchIndex(Path.Combine(workerData, "search")),
            Path.Combine(workerData, "mail"));
    }

    private static async Task WaitForDeliveriesAsync(PortalHost web)
    {
        var before = await DeliveredAsync(web);
        await Eventually.UntilAsync(async () => await DeliveredAsync(web) > before, Patience.Startup, "the worker to deliver cases");
    }

    private static Task<int> DeliveredAsync(PortalHost web) =>
        web.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions
            .CountAsync(s => s.Status == SubmissionStatus.Delivered));

    /// <summary>The web host serving requests only (no bus, no consumers) on a fresh PostgreSQL database.</summary>
    private sealed class WebOnlyHost(PortalHostOptions options) : PortalHost(options), IAsyncDisposable
    {
        /// <param name="rabbitUri">A broker of the test's own; null for a virtual host on the shared one.</param>
        public static async Task<WebOnlyHost> StartAsync(string? rabbitUri)
        {
            var settings = new Dictionary<string, string?> { ["Portal:InProcessWorkers"] = "false" };
            if (rabbitUri is not null)
            {
                settings["Messaging:Transport"] = "RabbitMq";
                settings["ConnectionStrings:RabbitMq"] = rabbitUri;
            }

            var host = new WebOnlyHost(new PortalHostOptions { Postgres = true, RabbitMq = rabbitUri is null, Settings = settings });
            await ((IAsyncLifetime)host).InitializeAsync();
            return host;
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await ((IAsyncLifetime)this).DisposeAsync();
    }
}
