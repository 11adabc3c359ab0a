using FeedbackPortal.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.Infrastructure.Telemetry;

/// <summary>
/// On every portal queue: tags MassTransit's span for the message with the case's tracking code and
/// opens a log scope with it, so a case's spans and log lines are found by its code as well as by
/// trace id. Outside the retries, so one scope covers every attempt.
/// </summary>
internal sealed class TrackingCodeConsumeFilter(ILogger logger) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var code = TrackingCode(context);
        PortalTelemetry.TagTrackingCode(code);
        using var scope = code is null ? null
            : logger.BeginScope(new Dictionary<string, object> { ["TrackingCode"] = code });
        await next.Send(context);
    }

    private static string? TrackingCode(ConsumeContext context)
    {
        if (context.TryGetMessage<SubmissionReceived>(out var received))
        {
            return received.Message.TrackingCode;
        }

        if (context.TryGetMessage<SubmissionChanged>(out var changed))
        {
            return changed.Message.TrackingCode;
        }

        if (context.TryGetMessage<SubmissionRouted>(out var routed))
        {
            return routed.Message.TrackingCode;
        }

        return context.TryGetMessage<NotificationRequested>(out var notification)
            ? PortalTelemetry.TrackingCodeOf(notification.Message)
            : null;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("trackingCode");
}
