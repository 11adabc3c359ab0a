using System.Diagnostics.Metrics;

namespace FeedbackPortal.Infrastructure.Telemetry;

/// <summary>
/// The portal's own instruments, on the <see cref="PortalTelemetry.Name"/> meter (the same meter the
/// reconciler's counter uses: IMeterFactory hands out one Meter per name). Consumer failures come from
/// MassTransit's own meter (messaging.masstransit.consume.errors), which the exporter also reads.
/// </summary>
public sealed class PortalMetrics
{
    private readonly Counter<long> _intake;
    private readonly Histogram<double> _intakeDuration;
    private readonly Histogram<double> _outboxLag;
    private readonly Counter<long> _emailFailures;
    private readonly Histogram<double> _searchDuration;

    public PortalMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(PortalTelemetry.Name);
        _intake = meter.CreateCounter<long>("feedbackportal.intake.submissions", unit: "{submission}",
            description: "Submissions accepted (tags: kind, channel).");
        _intakeDuration = meter.CreateHistogram<double>("feedbackportal.intake.duration", unit: "s",
            description: "Time to validate and store one submission with its outbox rows (tags: channel, outcome).");
        _outboxLag = meter.CreateHistogram<double>("feedbackportal.outbox.lag", unit: "s",
            description: "From an outbox row's commit to its dispatch (durable on the bus) (tag: message_type).");
        _emailFailures = meter.CreateCounter<long>("feedbackportal.email.failures", unit: "{email}",
            description: "E-mails not delivered (tags: template, reason = bounced | error).");
        _searchDuration = meter.CreateHistogram<double>("feedbackportal.search.duration", unit: "s",
            description: "One search against the index (tags: index = staff | public, outcome).");
    }

    public void SubmissionAccepted(string kind, string channel) =>
        _intake.Add(1, new("kind", kind), new("channel", channel));

    public void IntakeTook(TimeSpan elapsed, string channel, string outcome) =>
        _intakeDuration.Record(elapsed.TotalSeconds, new("channel", channel), new("outcome", outcome));

    public void OutboxDispatched(string messageType, TimeSpan lag) =>
        _outboxLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("message_type", messageType));

    public void EmailFailed(string template, string reason) =>
        _emailFailures.Add(1, new("template", template), new("reason", reason));

    public void SearchTook(TimeSpan elapsed, string index, string outcome) =>
        _searchDuration.Record(elapsed.TotalSeconds, new("index", index), new("outcome", outcome));
}
