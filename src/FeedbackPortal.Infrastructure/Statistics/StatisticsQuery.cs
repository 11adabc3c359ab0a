using FeedbackPortal.Domain.Scheduling;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FeedbackPortal.Infrastructure.Statistics;

/// <summary>How a breakdown groups: one row, per agency, per province (the case's locality), per month.</summary>
public enum Grouping
{
    None,
    Agency,
    Locality,
    Month,
}

/// <summary>
/// The one query layer behind every published figure (home page, /thong-ke, the league table, the
/// monthly reports and their e-mails). It reads narrow projections of the cases, ratings and
/// timeline events inside the period and buckets them in memory, so one code path serves every
/// grouping and both providers (SQLite keeps DateTimeOffset as binary ticks, so dates cannot be
/// bucketed in SQL portably). Results are cached for <see cref="CacheFor"/>.
/// </summary>
public sealed class StatisticsQuery(PortalDbContext db, DeadlineCalculator deadlines, TimeProvider clock, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(2);

    public async Task<Figures> FiguresAsync(FigureScope scope, StatisticsPeriod period, CancellationToken ct) =>
        (await BreakdownAsync(scope, period, Grouping.None, ct)).FirstOrDefault()?.Figures ?? new Figures();

    /// <summary>Figures per group over the period; per-month rows carry no "now" stocks (open, overdue).</summary>
    public async Task<IReadOnlyList<FigureRow>> BreakdownAsync(FigureScope scope, StatisticsPeriod period, Grouping grouping, CancellationToken ct) =>
        (await cache.GetOrCreateAsync(("statistics", scope.Key, period.Key, period.Kind, grouping), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return ComputeAsync(scope, period, grouping, ct);
        }))!;

    private IQueryable<Submission> Scoped(FigureScope scope)
    {
        var q = db.Submissions.AsNoTracking();
        if (scope.AgencyCode is { } agency)
        {
            q = q.Where(s => s.AgencyCode == agency);
        }

        if (scope.LocalityCode is { } locality)
        {
            q = q.Where(s => s.LocalityCode == locality);
            if (scope.CommuneCode is { } commune)
            {
                q = q.Where(s => s.CommuneCode == commune);
            }
        }

        if (scope.Kind is { } kind)
        {
            q = q.Where(s => s.Kind == kind);
        }

        if (scope.FieldCode is { } field)
        {
            q = q.Where(s => s.FieldCode == field);
        }

        return q;
    }

    private async Task<IReadOnlyList<FigureRow>> ComputeAsync(FigureScope scope, StatisticsPeriod period, Grouping grouping, CancellationToken ct)
    {
        var (start, end) = (period.Start, period.End);
        var cases = Scoped(scope);
        // For agency figures events count for the agency that acted, so the agency filter moves off the case.
        var casesAnyAgency = Scoped(scope with { AgencyCode = null });
        var agency = scope.AgencyCode;

        var received = await cases.Where(s => s.SubmittedAt >= start && s.SubmittedAt < end)
            .Select(s => new { s.AgencyCode, s.LocalityCode, s.Kind, s.SubmittedAt }).ToListAsync(ct);
        var answered = await cases.Where(s => s.AnsweredAt >= start && s.AnsweredAt < end)
            .Select(s => new { s.AgencyCode, s.LocalityCode, s.SubmittedAt, AnsweredAt = s.AnsweredAt!.Value, s.Deadline }).ToListAsync(ct);
        var ratings = await (from r in db.Ratings.AsNoTracking()
                             join s in casesAnyAgency on r.SubmissionId equals s.Id
                             where r.RatedAt >= start && r.RatedAt < end && (agency == null || r.AgencyCode == agency)
                             select new { r.AgencyCode, s.LocalityCode, r.Level, r.RatedAt }).ToListAsync(ct);
        var transfers = await (from e in db.TimelineEvents.AsNoTracking()
                               join s in casesAnyAgency on e.SubmissionId equals s.Id
                               where e.Type == TimelineEventType.Transferred && e.At >= start && e.At < end
                               select new
                               {
                                   // The agency that held the case: the latest earlier event with an agency (the
                                   // "received" event has none and may share its instant with the routing).
                                   From = db.TimelineEvents.Where(p => p.SubmissionId == e.SubmissionId && p.At < e.At && p.AgencyCode != null)
                                       .OrderByDescending(p => p.At).Select(p => p.AgencyCode).FirstOrDefault(),
                                   s.LocalityCode,
                                   e.At,
                               }).ToListAsync(ct);
        var adopted = await (from e in db.TimelineEvents.AsNoTracking()
                             join s in casesAnyAgency on e.SubmissionId equals s.Id
                             where e.Type == TimelineEventType.AcceptedForPilot && e.At >= start && e.At < end
                                 && (agency == null || e.AgencyCode == agency)
                             select new { e.AgencyCode, s.LocalityCode, e.At }).ToListAsync(ct);

        string Key(string? agencyCode, string? locality, DateTimeOffset at) => grouping switch
        {
            Grouping.Agency => agencyCode ?? "",
            Grouping.Locality => locality ?? "",
            Grouping.Month => MonthKey(at),
            _ => "",
        };

        var buckets = new Dictionary<string, Bucket>(StringComparer.Ordinal);
        Bucket B(string key) => buckets.TryGetValue(key, out var b) ? b : buckets[key] = new Bucket();
        foreach (var r in received)
        {
            var b = B(Key(r.AgencyCode, r.LocalityCode, r.SubmittedAt));
            b.Received++;
            b.Initiatives += r.Kind == SubmissionKind.Initiative ? 1 : 0;
        }

        foreach (var a in answered)
        {
            var b = B(Key(a.AgencyCode, a.LocalityCode, a.AnsweredAt));
            b.Days.Add(deadlines.Calendar.WorkingDaysBetween(a.SubmittedAt, a.AnsweredAt));
            b.OnTime += a.Deadline is { } d && a.AnsweredAt <= d ? 1 : 0;
        }

        foreach (var r in ratings)
        {
            B(Key(r.AgencyCode, r.LocalityCode, r.RatedAt)).Levels[(int)r.Level - 1]++;
        }

        foreach (var t in transfers.Where(t => agency == null || t.From == agency))
        {
            B(Key(t.From, t.LocalityCode, t.At)).Transferred++;
        }

        foreach (var a in adopted)
        {
            B(Key(a.AgencyCode, a.LocalityCode, a.At)).Adopted++;
        }

        if (grouping != Grouping.Month)
        {
            await AddStocksAsync(cases, grouping, B, ct);
        }

        if (grouping == Grouping.None && buckets.Count == 0)
        {
            B("");
        }

        return buckets.Select(kv => new FigureRow(kv.Key, kv.Value.ToFigures())).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Open and overdue as of now: not period-bound.</summary>
    private async Task AddStocksAsync(IQueryable<Submission> cases, Grouping grouping, Func<string, Bucket> bucket, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var finished = SubmissionStatuses.Finished.ToList();
        var running = Submission.ClockRunningStates.ToList();
        var open = await cases.Where(s => !finished.Contains(s.Status))
            .Select(s => new
            {
                s.AgencyCode,
                s.LocalityCode,
                Overdue = running.Contains(s.Status) && s.ClockPausedAt == null && s.Deadline != null && s.Deadline < now,
            })
            .ToListAsync(ct);
        foreach (var o in open)
        {
            var b = bucket(grouping switch { Grouping.Agency => o.AgencyCode ?? "", Grouping.Locality => o.LocalityCode ?? "", _ => "" });
            b.Open++;
            b.Overdue += o.Overdue ? 1 : 0;
        }
    }

    public static string MonthKey(DateTimeOffset at)
    {
        var d = WorkingCalendar.LocalDate(at);
        return $"{d.Year:D4}-{d.Month:D2}";
    }

    /// <summary>Median: the middle value (mean of the two middle ones); 90th percentile: nearest rank.</summary>
    public static (double? Median, double? P90) Percentiles(List<int> values)
    {
        if (values.Count == 0)
        {
            return (null, null);
        }

        values.Sort();
        var n = values.Count;
        double median = n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2.0;
        var rank = (int)Math.Ceiling(0.9 * n);
        return (median, values[rank - 1]);
    }

    private sealed class Bucket
    {
        public int Received;
        public int Initiatives;
        public int OnTime;
        public int Transferred;
        public int Adopted;
        public int Open;
        public int Overdue;
        public readonly List<int> Days = [];
        public readonly int[] Levels = new int[3];

        public Figures ToFigures()
        {
            var (median, p90) = Percentiles(Days);
            return new Figures
            {
                Received = Received,
                Answered = Days.Count,
                AnsweredOnTime = OnTime,
                MedianWorkingDays = median,
                P90WorkingDays = p90,
                OpenNow = Open,
                OverdueNow = Overdue,
                Transferred = Transferred,
                Dissatisfied = Levels[0],
                Acceptable = Levels[1],
                Satisfied = Levels[2],
                InitiativesReceived = Initiatives,
                InitiativesAdopted = Adopted,
            };
        }
    }
}
