using System.Globalization;
using FeedbackPortal.Domain.Scheduling;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Statistics;

namespace FeedbackPortal.Web.Features.Statistics;

/// <summary>The dashboard's query string: period (month, quarter, year, custom), kind, field, province, commune, sort.</summary>
public sealed class StatisticsRequest
{
    public string? Period { get; set; }
    public int? Year { get; set; }
    public int? Month { get; set; }
    public int? Quarter { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Kind { get; set; }
    public string? Field { get; set; }
    public string? Locality { get; set; }

    /// <summary>A commune of <see cref="Locality"/>; ignored without one.</summary>
    public string? Commune { get; set; }

    public string? Sort { get; set; }

    /// <summary>The chosen period; by default the current month (Vietnam time). Unknown input falls back to it.</summary>
    public StatisticsPeriod ToPeriod(DateTimeOffset now)
    {
        var today = WorkingCalendar.LocalDate(now);
        var year = Year is >= 2000 and <= 2100 ? Year.Value : today.Year;
        switch (Period)
        {
            case "quarter":
                return StatisticsPeriod.Quarter(year, Quarter is >= 1 and <= 4 ? Quarter.Value : ((today.Month - 1) / 3) + 1);
            case "year":
                return StatisticsPeriod.Year(year);
            case "custom" when DateOnly.TryParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                && DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                && from <= to && to.DayNumber - from.DayNumber <= 3660:
                return new StatisticsPeriod(PeriodKind.Custom, from, to);
            default:
                return StatisticsPeriod.Month(year, Month is >= 1 and <= 12 ? Month.Value : today.Month);
        }
    }

    public FigureScope ToScope(string? agency) => new(
        agency,
        string.IsNullOrWhiteSpace(Locality) ? null : Locality,
        Kind switch { "feedback" => SubmissionKind.Feedback, "initiative" => SubmissionKind.Initiative, _ => null },
        string.IsNullOrWhiteSpace(Field) ? null : Field,
        string.IsNullOrWhiteSpace(Locality) || string.IsNullOrWhiteSpace(Commune) ? null : Commune);

    /// <summary>This request's query string with one value changed (sort links keep the filters).</summary>
    public string With(string? sort = null)
    {
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add(key + "=" + Uri.EscapeDataString(text));
            }
        }

        Add("period", Period);
        Add("year", Year);
        Add("month", Month);
        Add("quarter", Quarter);
        Add("from", From);
        Add("to", To);
        Add("kind", Kind);
        Add("field", Field);
        Add("locality", Locality);
        Add("commune", Commune);
        Add("sort", sort ?? Sort);
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
