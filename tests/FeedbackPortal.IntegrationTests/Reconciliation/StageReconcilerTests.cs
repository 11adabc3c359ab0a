using System.Diagnostics.Metrics;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Reconciliation;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Reconciliation;

/// <summary>
/// The reconciler on the embedded profile: silent on a healthy system however often it runs, and
/// re-driving (once, counted, logged) a case whose messages were lost.
/// </summary>
public sealed class StageReconcilerTests
{
    [Fact]
    public async Task On_a_healthy_system_the_scheduled_reconciler_never_fires()
    {
        await using var host = await StartAsync(intervalSeconds: 1);
        using var counter = new RedrivenCounter(host);
        using var client = host.CreateClient();
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.SubmitAsync(PortalApi.Feedback(title: $"Phản ánh số {i} về cổng dịch vụ công trực tuyến"))));
        await Task.WhenAll(codes.Select(code => client.WaitForStatusAsync(code, "delivered", TimeSpan.FromSeconds(120))));

        // Past the stuck age every case is inside the checks' window: the scheduled passes (every
        // second) and one more here look at all of them, and find nothing.
        var settled = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(StuckAfterSeconds + 1);
        var pass = await Eventually.UntilAsync(
            () => host.Services.GetRequiredService<StageReconciler>().RunOnceAsync(CancellationToken.None),
            p => p.Ran && DateTimeOffset.UtcNow > settled, TimeSpan.FromSeconds(90), "a reconciler pass after the stuck age");
        Assert.Equal(0, pass.Total);
        Assert.False(pass.OutboxBehind);
        Assert.Equal(0, counter.Total);
    }

    [Fact]
    public async Task A_case_whose_messages_were_lost_is_re_driven_once_to_its_end_state()
    {
        await using var host = await StartAsync(intervalSeconds: 3600); // passes only when the test asks
        using var counter = new RedrivenCounter(host);
        var reconciler = host.Services.GetRequiredService<StageReconciler>();

        // A case stored ten minutes ago whose outbox rows never made it (as if lost in memory).
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        var lost = Submission.Create(new SubmissionDraft(SubmissionKind.Feedback, "Phản ánh bị mắc kẹt trong hàng đợi",
            "Nội dung phản ánh đã được tiếp nhận nhưng thông điệp bị mất.", "the-che-chinh-sach", null,
            new Submitter("Nguyễn Văn Bình", "binh@example.vn", null, null, null), "2025-07", true, "vi"),
            TrackingCode.New(SubmissionKind.Feedback, at), at);
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            db.Submissions.Add(lost);
            await db.SaveChangesAsync();
        });

        var first = await reconciler.RunOnceAsync(CancellationToken.None);
        // The index stage runs after routing was re-driven: on a busy machine the re-driven routing may
        // already have indexed the case by then, and the index stage rightly finds nothing to do.
        Assert.Equal((1, 0, 1), (first.Routing, first.Delivery, first.Receipt));
        Assert.InRange(first.Index, 0, 1);
        using var client = host.CreateClient();
        await client.WaitForStatusAsync(lost.TrackingCode, "delivered", TimeSpan.FromSeconds(120));
        await Eventually.UntilAsync(() => host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().SentNotifications
            .AnyAsync(n => n.NotificationId == ReceiptNotification.IdFor(lost.Id))), TimeSpan.FromSeconds(60), "the receipt");

        // Now at its end state: the next pass has nothing to do.
        var second = await reconciler.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, second.Total);
        Assert.Equal(2 + first.Index, counter.Total);
        Assert.Equal(1, await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().SentNotifications
            .CountAsync(n => n.SubmissionId == lost.Id && n.Template == EmailTemplates.Receipt)));
        Assert.Single(Directory.GetFiles(Path.Combine(host.DataDirectory, "mail"), ReceiptNotification.IdFor(lost.Id).ToString("N") + ".eml"));
    }

    private const int StuckAfterSeconds = 5;

    private static async Task<OwnedHost> StartAsync(int intervalSeconds)
    {
        var host = new OwnedHost(new PortalHostOptions
        {
            Settings =
            {
                ["Reconciler:IntervalSeconds"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Reconciler:StuckAfterSeconds"] = StuckAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        await ((IAsyncLifetime)host).InitializeAsync();
        return host;
    }

    private sealed class OwnedHost(PortalHostOptions options) : PortalHost(options), IAsyncDisposable
    {
        async ValueTask IAsyncDisposable.DisposeAsync() => await ((IAsyncLifetime)this).DisposeAsync();
    }

    /// <summary>Adds up the reconciler's counter of this host only (the meter belongs to the host's IMeterFactory).</summary>
    private sealed class RedrivenCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;
        private int _measurements;

        public RedrivenCounter(PortalHost host)
        {
            var factory = host.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == StageReconciler.CounterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                Interlocked.Add(ref _total, value);
                Interlocked.Increment(ref _measurements);
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public int Measurements => Volatile.Read(ref _measurements);

        public void Dispose() => _listener.Dispose();
    }
}
