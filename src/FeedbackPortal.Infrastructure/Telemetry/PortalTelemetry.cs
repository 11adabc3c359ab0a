using System.Diagnostics;
using FeedbackPortal.Contracts;

namespace FeedbackPortal.Infrastructure.Telemetry;

/// <summary>
/// Names shared by the portal's traces and metrics, and the helpers that keep one trace per
/// submission: the W3C traceparent stored on each outbox row and the tracking code attribute.
/// </summary>
public static class PortalTelemetry
{
    /// <summary>The portal's own ActivitySource and Meter (the reconciler's counter already used this meter name).</summary>
    public const string Name = "FeedbackPortal";

    /// <summary>MassTransit's ActivitySource and Meter (send, receive, consume; consume errors and durations).</summary>
    public const string MassTransitName = "MassTransit";

    /// <summary>The span attribute (and log scope key) carrying a case's tracking code.</summary>
    public const string TrackingCodeTag = "feedbackportal.tracking_code";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The current span as a W3C traceparent, or null outside any trace (or with a non-W3C id).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The span context a stored traceparent names, so work done later joins that trace.</summary>
    public static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context)
            ? context
            : default;

    /// <summary>The tracking code a message is about, when it says (contracts carry it, or the receipt's values).</summary>
    public static string? TrackingCodeOf(object? message) => message switch
    {
        SubmissionReceived m => m.TrackingCode,
        SubmissionChanged m => m.TrackingCode,
        SubmissionRouted m => m.TrackingCode,
        NotificationRequested m => m.Values.TryGetValue("trackingCode", out var code) ? code : null,
        _ => null,
    };

    /// <summary>Tags the current span (the request's, a consumer's) with the tracking code.</summary>
    public static void TagTrackingCode(string? trackingCode)
    {
        if (trackingCode is not null)
        {
            Activity.Current?.SetTag(TrackingCodeTag, trackingCode);
        }
    }
}
