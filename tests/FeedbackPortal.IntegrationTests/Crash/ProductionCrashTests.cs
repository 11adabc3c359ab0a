using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Messaging;
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
/// in one data directory that each restarted worker takes over. The broker test runs on a RabbitMQ
/// node of its own, so it runs alongside the other tests without stopping their broker.
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

    // Not in the default suite yet: in 1 of 4 CI runs the consumers took 335 s to come back
    // (deploy/chaos/run.sh broker runs it; tests/run-all.sh leaves out Category=BrokerChaos).
    [Fact]
    [Trait("Category", "BrokerChaos")]
    public async Task Broker_stopped_during_intake_intake_keeps_acknowledging_and_every_case_completes_after_it_returns()
    {
        // A broker of the test's own (own node, ports and data): the shared one, which other tests
        // running in parallel use, is never stopped. The node is killed, not stopped politely: a crash.
        await using var broker = await PrivateRabbitNode.StartAsync();
        await using var web = await WebOnlyHost.StartAsync(broker.AmqpUri);
        var workerData = Path.Combine(Path.GetTempPath(), "fp-crash-worker-" + Guid.NewGuid().ToString("N")[..12]);
        var worker = StartWorker(web, broker.AmqpUri, workerData);
        try
        {
            await worker.WaitUntilReadyAsync();
            var consumed = await PortalConsumedQueuesAsync(web);
            await WaitForConsumersAsync(broker, consumed, "before the outage");
            await using var load = IntakeLoad.Start(() => web.CreateClient(), _scale.Clients, _scale.Pause, _scale.MaxSubmissions);
            await NextPhaseAsync(load);
            await WaitForDeliveriesAsync(web); // cases flowing through every stage when the broker dies
            var down = DateTimeOffset.UtcNow;
            await broker.KillAsync();
            await Task.Delay(_scale.BrokerDown); // the outage itself, not a wait for something
            var acknowledgedWhileDown = load.AcknowledgedSince(down);
            await broker.RestartAsync();
            // The recovery itself: every queue the portal consumes has its consumer on the broker again.
            var recovery = System.Diagnostics.Stopwatch.StartNew();
            await WaitForConsumersAsync(broker, consumed, "after the broker returned");
            await NextPhaseAsync(load);
            await load.StopAsync();

            var (report, drain) = await EndStateOf(web, workerData).WaitForDrainAsync(load.Codes, _scale.DrainLimit);
            _scale.Report(report.Line("production, broker down during intake", drain,
                $"brokerDown={_scale.BrokerDown.TotalSeconds:0}s acknowledgedWhileDown={acknowledgedWhileDown} " +
                $"consumersBack={recovery.Elapsed.TotalSeconds:0.0}s queues={consumed.Count} " +
                $"endpointsReconnected={worker.Output.Count(l => l.Contains("reconnecting its endpoint", StringComparison.Ordinal))} " +
                $"failedRequests={load.Failed}"), output);
            Assert.True(acknowledgedWhileDown > 0, $"intake stopped acknowledging while the broker was down\n{report}");
            AssertGuarantee(report, worker);
        }
        finally
        {
            await worker.DisposeAsync();
            TryDelete(workerData);
        }
    }

    /// <summary>The portal's own queues and the agency queues the portal inbox consumes (not those of external systems).</summary>
    private static async Task<IReadOnlyList<string>> PortalConsumedQueuesAsync(PortalHost web)
    {
        var agencies = await web.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Agencies
            .Where(a => !a.ExternalConsumer).Select(a => a.Code).ToListAsync());
        return [.. Topology.PortalQueues, .. agencies.Select(Topology.AgencyQueue)];
    }

    private static Task WaitForConsumersAsync(PrivateRabbitNode broker, IReadOnlyList<string> queues, string when) =>
        Eventually.UntilAsync(async () =>
        {
            var consumers = await broker.ConsumersAsync();
            return consumers is not null && queues.All(q => consumers.GetValueOrDefault(q) > 0);
        }, Patience.Startup, $"every consumed queue ({queues.Count}) to show a consumer in the management API {when}");

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
