using System.Diagnostics;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Telemetry;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Telemetry;

/// <summary>
/// One trace per submission: the HTTP request, the outbox rows it wrote (their stored traceparent),
/// MassTransit's send and receive, and every consumer of the case — routing, delivery to the agency
/// inbox, indexing, the receipt e-mail — all under the request's trace id, tagged with the tracking code.
/// </summary>
public sealed class SubmissionTraceTests(TracingPortalHost host) : IClassFixture<TracingPortalHost>
{
    private static readonly string[] Consumers =
        ["RouteSubmissionConsumer", "AgencyInboxConsumer", "IndexSubmissionConsumer", "NotificationConsumer"];

    [Fact]
    public async Task A_submission_is_one_trace_from_the_request_through_the_outbox_to_every_consumer_tagged_with_its_tracking_code()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(field: "the-che-chinh-sach"));

        var request = await RequestSpanAsync(code);
        var traceId = request.TraceId;

        // Every consumer's span in the request's trace (the indexer at least twice: routed, delivered),
        // and every span's parent exported too (a parent ends after its children).
        var trace = await Eventually.UntilAsync(
            () => Task.FromResult(host.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList()),
            spans => Consumers.All(c => spans.Any(s => ConsumerOf(s)?.EndsWith(c, StringComparison.Ordinal) == true))
                && spans.Count(s => ConsumerOf(s)?.EndsWith("IndexSubmissionConsumer", StringComparison.Ordinal) == true) >= 2
                && Roots(spans).Count == 1,
            Patience.Background, "every consumer's span in the submission's trace");

        // The outbox dispatches continue the trace and carry the code.
        Assert.Contains(trace, s => s.Source.Name == PortalTelemetry.Name
            && s.DisplayName.StartsWith("outbox dispatch SubmissionReceived", StringComparison.Ordinal) && Tag(s) == code);
        Assert.Contains(trace, s => s.Source.Name == PortalTelemetry.Name
            && s.DisplayName.StartsWith("outbox dispatch SubmissionRouted", StringComparison.Ordinal) && Tag(s) == code);
        // MassTransit's spans on the consuming side carry the code (set on each portal queue).
        Assert.Contains(trace, s => s.Source.Name == PortalTelemetry.MassTransitName && s.Kind == ActivityKind.Consumer && Tag(s) == code);
        // One trace: nothing about this case was traced anywhere else.
        Assert.DoesNotContain(host.Spans.Snapshot(), s => Tag(s) == code && s.TraceId != traceId);
        // Every span of the trace descends from the request.
        Assert.Same(request, Assert.Single(Roots(trace)));
    }

    [Fact]
    public async Task The_outbox_rows_of_a_submission_store_the_traceparent_of_the_request_that_wrote_them()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback());
        var request = await RequestSpanAsync(code);

        var rows = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Payload.Contains(code) && (m.MessageType == "SubmissionReceived" || m.MessageType == "NotificationRequested"))
            .ToListAsync());

        Assert.Equal(2, rows.Count);
        // A restarted dispatcher reads the parent from the row, not from memory.
        Assert.All(rows, r => Assert.Equal(request.Id, r.TraceParent));
    }

    /// <summary>The intake request's span; it ends (and is exported) just after the response is sent.</summary>
    private async Task<Activity> RequestSpanAsync(string code) =>
        (await Eventually.UntilAsync(
            () => Task.FromResult(host.Spans.Snapshot().Where(s => s.Kind == ActivityKind.Server && Tag(s) == code).ToList()),
            spans => spans.Count > 0, Patience.Background, "the intake request's span")).Single();

    private static List<Activity> Roots(List<Activity> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        return spans.Where(s => !ids.Contains(s.ParentSpanId)).ToList();
    }

    private static string? Tag(Activity span) => span.GetTagItem(PortalTelemetry.TrackingCodeTag) as string;

    private static string? ConsumerOf(Activity span) => span.GetTagItem("messaging.masstransit.consumer_type") as string;
}
