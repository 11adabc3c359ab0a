using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Statistics;

/// <summary>One line of a report: the whole country, or one agency.</summary>
public sealed record ReportRow(string Code, string Name, Figures Figures);

/// <summary>
/// The monthly report of one agency (one row) or of the whole country (the national row, then every
/// agency, zeros included, so an agency with nothing received is visibly there).
/// </summary>
public sealed record MonthlyReport(StatisticsPeriod Period, string? AgencyCode, string ScopeName, DateTimeOffset GeneratedAt, IReadOnlyList<ReportRow> Rows);

/// <summary>
/// Builds reports from <see cref="StatisticsQuery"/>, the layer behind the dashboard, so a report and
/// the dashboard can never disagree: nothing is computed here, only selected and named. Only counts:
/// nothing personal is in any figure.
/// </summary>
public sealed class MonthlyReports(StatisticsQuery statistics, PortalDbContext db, TimeProvider clock)
{
    /// <summary>The code of the national row in every file.</summary>
    public const string CountryCode = "ca-nuoc";

    /// <summary>The report, or null when the agency does not exist.</summary>
    public async Task<MonthlyReport?> BuildAsync(string? agency, StatisticsPeriod period, string language, CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        var now = clock.GetUtcNow();
        if (agency is not null)
        {
            var one = agencies.FirstOrDefault(a => a.Code == agency);
            if (one is null)
            {
                return null;
            }

            var figures = await statistics.FiguresAsync(new FigureScope(agency), period, ct);
            return new MonthlyReport(period, agency, one.Name(language), now, [new ReportRow(agency, one.Name(language), figures)]);
        }

        var country = language == "en" ? "Whole country" : "Toàn quốc";
        var total = await statistics.FiguresAsync(FigureScope.Country, period, ct);
        var byAgency = (await statistics.BreakdownAsync(FigureScope.Country, period, Grouping.Agency, ct)).ToDictionary(r => r.Key, r => r.Figures);
        var rows = new List<ReportRow> { new(CountryCode, country, total) };
        rows.AddRange(agencies.Select(a => new ReportRow(a.Code, a.Name(language), byAgency.GetValueOrDefault(a.Code) ?? new Figures())));
        return new MonthlyReport(period, null, country, now, rows);
    }
}
