using FeedbackPortal.Domain.Scheduling;
using FeedbackPortal.Domain.Submissions;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Sla;

/// <summary>Settings under "Sla": answer deadlines in working days and the holiday calendar.</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    public WorkingDaysOptions WorkingDays { get; set; } = new();

    /// <summary>Public holidays (yyyy-MM-dd) on top of weekends.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>How often the deadline job runs.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Cases due within this many working days count as "due soon" and get a reminder.</summary>
    public int DueSoonWorkingDays { get; set; } = 2;

    /// <summary>After escalating to the agency head, escalate to the coordinators this much later.</summary>
    public TimeSpan CoordinatorEscalationDelay { get; set; } = TimeSpan.FromDays(3);

    public sealed class WorkingDaysOptions
    {
        public int Feedback { get; set; } = 15;
        public int Initiative { get; set; } = 30;

        /// <summary>Per-field overrides: field code → working days.</summary>
        public Dictionary<string, int> Fields { get; set; } = [];
    }
}

/// <summary>Computes deadlines from the configured calendar.</summary>
public sealed class DeadlineCalculator(IOptions<SlaOptions> options)
{
    private readonly SlaOptions _options = options.Value;

    public WorkingCalendar Calendar { get; } = new(options.Value.Holidays);

    public int WorkingDaysFor(SubmissionKind kind, string fieldCode) =>
        _options.WorkingDays.Fields.TryGetValue(fieldCode, out var days)
            ? days
            : kind == SubmissionKind.Initiative ? _options.WorkingDays.Initiative : _options.WorkingDays.Feedback;

    public DateTimeOffset DeadlineFor(SubmissionKind kind, string fieldCode, DateTimeOffset from) =>
        Calendar.AddWorkingDays(from, WorkingDaysFor(kind, fieldCode));

    /// <summary>After a needs-info pause: the working days that were left when the clock stopped, from now.</summary>
    public DateTimeOffset Resume(DateTimeOffset pausedAt, DateTimeOffset deadline, DateTimeOffset now) =>
        Calendar.AddWorkingDays(now, Math.Max(0, Calendar.WorkingDaysBetween(pausedAt, deadline)));
}
