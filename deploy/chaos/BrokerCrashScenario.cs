// NOT COMPILED where it lies: deploy/chaos/run.sh (profile "broker", or "all") copies this file into
// tests/FeedbackPortal.IntegrationTests/Crash/ for its run and removes it afterwards.
//
// Why it is not in the test suite yet (issue 13): on MassTransit 8.4.0, with a private RabbitMQ node
// killed during intake and restarted, intake kept answering 201 and receipts and routing resumed, but
// nothing was delivered to agencies afterwards (0 of 2,062, unbounded load): the agency-queue receive
// endpoints that AgencyQueues connects at run time (IReceiveEndpointConnector.ConnectReceiveEndpoint,
// src/FeedbackPortal.Infrastructure/Messaging/AgencyQueues.cs) were suspected of not consuming again.
// On MassTransit 8.5.12 with the bounded load it passed once (2026-12-02, 150 cases, broker down
// 10 s, drain 23.8 s, nothing stranded or duplicated) without a product change; until it has passed
// repeatedly, also with the 30 s outage, it stays out of CI. Then move it back into ProductionCrashTests.cs.

namespace FeedbackPortal.IntegrationTests.Crash;

public sealed partial class CrashTests
{
    [Fact]
    public async Task Broker_crashed_during_intake_intake_keeps_acknowledging_and_every_case_completes_after_it_returns()
    {
        // A broker of the test's own: the shared one is never stopped.
        await using var broker = await PrivateRabbitNode.StartAsync();
        await using var web = await WebOnlyHost.StartAsync(broker.AmqpUri);
        var workerData = Path.Combine(Path.GetTempPath(), "fp-crash-worker-" + Guid.NewGuid().ToString("N")[..12]);
        var worker = StartWorker(web, broker.AmqpUri, workerData);
        try
        {
            await worker.WaitUntilReadyAsync();
            await using var load = IntakeLoad.Start(() => web.CreateClient(), _scale.Clients, _scale.Pause, _scale.MaxSubmissions);
            await NextPhaseAsync(load);
            await WaitForDeliveriesAsync(web); // cases flowing through every stage when the broker dies
            var down = DateTimeOffset.UtcNow;
            await broker.KillAsync();
            await Task.Delay(_scale.BrokerDown); // the outage itself, not a wait for something
            var acknowledgedWhileDown = load.AcknowledgedSince(down);
            await broker.RestartAsync();
            await NextPhaseAsync(load);
            await load.StopAsync();

            var (report, drain) = await EndStateOf(web, workerData).WaitForDrainAsync(load.Codes, _scale.DrainLimit);
            _scale.Report(report.Line("production, broker crashed during intake", drain,
                $"brokerDown={_scale.BrokerDown.TotalSeconds:0}s acknowledgedWhileDown={acknowledgedWhileDown} failedRequests={load.Failed}"), output);
            Assert.True(acknowledgedWhileDown > 0, $"intake stopped acknowledging while the broker was down\n{report}");
            AssertGuarantee(report, worker);
        }
        finally
        {
            await worker.DisposeAsync();
            TryDelete(workerData);
        }
    }
}
