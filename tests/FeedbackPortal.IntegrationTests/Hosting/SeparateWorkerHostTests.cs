using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>The web host serving requests only, on PostgreSQL and RabbitMQ; workers run as separate processes.</summary>
public sealed class WebOnlyProductionEnginesHost() : PortalHost(new PortalHostOptions
{
    Postgres = true,
    RabbitMq = true,
    Settings = { ["Portal:InProcessWorkers"] = "false" },
});

public sealed class SeparateWorkerHostTests(WebOnlyProductionEnginesHost web) : IClassFixture<WebOnlyProductionEnginesHost>
{
    /// <summary>
    /// For the crash test only: a killed worker's rows come back after this. The other tests keep the
    /// production lease (30 s), whose heartbeat has ample slack on a loaded build machine.
    /// </summary>
    private static readonly Dictionary<string, string> ShortLease = new() { ["Outbox__LeaseSeconds"] = "5" };

    [Fact]
    public async Task A_submission_made_through_the_web_is_delivered_only_once_a_worker_process_consumes_it()
    {
        using var client = web.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback());

        // No worker yet: the web host wrote the submission and its outbox row, and nothing moves.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Assert.Equal("received", (await client.StatusAsync(code)).GetProperty("status").GetString());
        }

        Assert.True(await UndispatchedAsync() > 0);

        await using var worker = PortalProcess.StartWorker(web);
        await worker.WaitUntilReadyAsync();
        await WithLogs(worker, () => client.WaitForStatusAsync(code, "delivered", Patience.Startup));

        var events = await EventsAsync([code]);
        Assert.Equal(1, events[(code, TimelineEventType.Routed)]);
        Assert.Equal(1, events[(code, TimelineEventType.Delivered)]);
    }

    [Fact]
    public async Task Two_worker_processes_at_once_deliver_each_submission_exactly_once()
    {
        var startedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var first = PortalProcess.StartWorker(web);
        await using var second = PortalProcess.StartWorker(web);
        await Task.WhenAll(first.WaitUntilReadyAsync(Patience.Startup * 2), second.WaitUntilReadyAsync(Patience.Startup * 2)); // they take turns migrating

        using var client = web.CreateClient();
        var codes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.SubmitAsync(PortalApi.Feedback(title: $"Phản ánh số {i} về cổng dịch vụ công"))));
        await WithLogs(first, () => Task.WhenAll(codes.Select(code => client.WaitForStatusAsync(code, "delivered", Patience.Startup))));

        var events = await EventsAsync(codes);
        Assert.All(codes, code =>
        {
            Assert.Equal(1, events.GetValueOrDefault((code, TimelineEventType.Routed)));
            Assert.Equal(1, events.GetValueOrDefault((code, TimelineEventType.Delivered)));
        });

        // Every outbox row was claimed once (a claim counts an attempt) and dispatched once. The rows
        // written by the last deliveries may still be in flight when the statuses read "delivered".
        var rows = await Eventually.UntilAsync(
            () => web.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.CreatedAt >= startedAt).ToListAsync()),
            all => all.All(m => m.DispatchedAt != null), Patience.Background, "the outbox to drain");
        Assert.True(rows.Count >= codes.Length * 2, $"expected outbox rows for every submission, found {rows.Count}");
        Assert.All(rows, row =>
        {
            Assert.NotNull(row.DispatchedAt);
            Assert.Equal(1, row.Attempts);
        });
    }

    [Fact]
    public async Task When_a_worker_process_is_killed_mid_run_the_other_finishes_the_work_after_its_leases_expire()
    {
        using var client = web.CreateClient();
        var codes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            client.SubmitAsync(PortalApi.Feedback(title: $"Kiến nghị số {i} gửi trước khi worker dừng"))));

        await using var doomed = PortalProcess.StartWorker(web, ShortLease);
        await doomed.WaitUntilReadyAsync();
        await WithLogs(doomed, () => Eventually.UntilAsync(async () => (await EventsAsync(codes)).Keys.Any(k => k.Type == TimelineEventType.Routed),
            Patience.Startup, "the first worker to start routing"));
        await doomed.KillAsync();

        // Whatever it left claimed, half-sent or unacknowledged is now the survivor's job.
        await using var survivor = PortalProcess.StartWorker(web, ShortLease);
        await survivor.WaitUntilReadyAsync();
        await WithLogs(survivor, () => Task.WhenAll(codes.Select(code => client.WaitForStatusAsync(code, "delivered", Patience.Startup))));

        var events = await EventsAsync(codes);
        Assert.All(codes, code =>
        {
            Assert.Equal(1, events.GetValueOrDefault((code, TimelineEventType.Routed)));
            Assert.Equal(1, events.GetValueOrDefault((code, TimelineEventType.Delivered)));
        });
        await Eventually.UntilAsync(async () => await UndispatchedAsync() == 0, Patience.Background, "the outbox to drain");
    }

    private Task<int> UndispatchedAsync() =>
        web.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().OutboxMessages.CountAsync(m => m.DispatchedAt == null));

    private Task<Dictionary<(string Code, TimelineEventType Type), int>> EventsAsync(IReadOnlyCollection<string> codes) =>
        web.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var rows = await (from s in db.Submissions
                              join t in db.TimelineEvents on s.Id equals t.SubmissionId
                              where codes.Contains(s.TrackingCode)
                              select new { s.TrackingCode, t.Type }).ToListAsync();
            return rows.GroupBy(r => (r.TrackingCode, r.Type)).ToDictionary(g => g.Key, g => g.Count());
        });

    private static async Task WithLogs(PortalProcess worker, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nWorker {worker.Id} output:\n{worker.RecentOutput}", ex);
        }
    }
}
