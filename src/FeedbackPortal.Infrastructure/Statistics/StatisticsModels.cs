using System.Globalization;
using FeedbackPortal.Domain.Scheduling;
using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Infrastructure.Statistics;

public enum PeriodKind
{
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>A reporting period in Vietnam's calendar days, [From, To] inclusive; months start at 00:00 UTC+7.</summary>
public sealed record StatisticsPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    public DateTimeOffset Start => new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset).ToUniversalTime();

    /// <summary>Exclusive end: the start of the day after <see cref="To"/>.</summary>
    public DateTimeOffset End => new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset).ToUniversalTime();

    public static StatisticsPeriod Month(int year, int month) =>
        new(PeriodKind.Month, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));

    public static StatisticsPeriod Quarter(int year, int quarter) =>
        new(PeriodKind.Quarter, new DateOnly(year, ((quarter - 1) * 3) + 1, 1), new DateOnly(year, ((quarter - 1) * 3) + 1, 1).AddMonths(3).AddDays(-1));

    public static StatisticsPeriod Year(int year) => new(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>The calendar month before the one <paramref name="now"/> falls in (Vietnam time).</summary>
    public static StatisticsPeriod PreviousMonth(DateTimeOffset now)
    {
        var today = WorkingCalendar.LocalDate(now);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return Month(first.Year, first.Month);
    }

    public string Label => Kind switch
    {
        PeriodKind.Month => From.ToString("MM/yyyy", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => $"Q{((From.Month - 1) / 3) + 1}/{From.Year}",
        PeriodKind.Year => From.Year.ToString(CultureInfo.InvariantCulture),
        _ => $"{From:dd/MM/yyyy}–{To:dd/MM/yyyy}",
    };

    /// <summary>Stable text for cache keys and file names, e.g. 2026-11.</summary>
    public string Key => Kind == PeriodKind.Month
        ? From.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : $"{From:yyyy-MM-dd}_{To:yyyy-MM-dd}";
}

/// <summary>
/// Which cases count: everything, or one agency, one province (the case's locality), a kind, a field,
/// one commune of the province (a commune code means something only with its province).
/// </summary>
public sealed record FigureScope(string? AgencyCode = null, string? LocalityCode = null, SubmissionKind? Kind = null, string? FieldCode = null,
    string? CommuneCode = null)
{
    public static readonly FigureScope Country = new();

    public string Key => $"{AgencyCode}|{LocalityCode}|{Kind}|{FieldCode}|{CommuneCode}";
}

/// <summary>
/// The figures of one scope over one period. Flows (received, answered, transferred, ratings,
/// initiatives) count events inside the period; stocks (open, overdue) are as of now.
/// </summary>
public sealed record Figures
{
    public int Received { get; init; }
    public int Answered { get; init; }
    public int AnsweredOnTime { get; init; }

    /// <summary>Working days from submission to answer, over the cases answered in the period.</summary>
    public double? MedianWorkingDays { get; init; }
    public double? P90WorkingDays { get; init; }
    public int OpenNow { get; init; }
    public int OverdueNow { get; init; }

    /// <summary>Cases handed on to another agency in the period (counted for the agency that handed them on).</summary>
    public int Transferred { get; init; }
    public int Satisfied { get; init; }
    public int Acceptable { get; init; }
    public int Dissatisfied { get; init; }
    public int InitiativesReceived { get; init; }

    /// <summary>Initiatives accepted for a pilot in the period.</summary>
    public int InitiativesAdopted { get; init; }

    public int Ratings => Satisfied + Acceptable + Dissatisfied;

    public double? OnTimePercent => Answered == 0 ? null : 100.0 * AnsweredOnTime / Answered;

    public double? Share(SatisfactionLevel level) => Ratings == 0 ? null : 100.0 * Count(level) / Ratings;

    public int Count(SatisfactionLevel level) => level switch
    {
        SatisfactionLevel.Satisfied => Satisfied,
        SatisfactionLevel.Acceptable => Acceptable,
        _ => Dissatisfied,
    };
}

/// <summary>One row of a breakdown (per agency for the league table, per province).</summary>
public sealed record FigureRow(string Key, Figures Figures);

/// <summary>One month of a trend.</summary>
public sealed record MonthFigures(DateOnly Month, Figures Figures);
