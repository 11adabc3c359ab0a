using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Statistics;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Statistics;

public sealed record LeagueRow(string Code, string Name, Figures Figures);

public sealed class StatisticsPage
{
    public required StatisticsRequest Request { get; init; }
    public required StatisticsPeriod Period { get; init; }
    public string? Agency { get; init; }
    public string? AgencyName { get; init; }
    public required Figures Figures { get; init; }
    public required IReadOnlyList<MonthFigures> Trend { get; init; }
    public IReadOnlyList<LeagueRow> League { get; init; } = [];
    public IReadOnlyList<LeagueRow> Provinces { get; init; } = [];
    public required IReadOnlyList<Option> Fields { get; init; }
    public required IReadOnlyList<Option> Localities { get; init; }

    /// <summary>The chosen province's communes (empty until a province is chosen).</summary>
    public IReadOnlyList<Option> Communes { get; init; } = [];
}

/// <summary>
/// "Ba công khai" in numbers: /thong-ke (/statistics) for the whole country, /thong-ke/co-quan/{code}
/// (/statistics/agency/{code}) for one agency with its monthly trend. Server-rendered, no JavaScript;
/// every chart has its data table. Only counts: nothing personal.
/// </summary>
public sealed class StatisticsController(StatisticsQuery statistics, PortalDbContext db, ReferenceLists lists, TimeProvider clock,
    FeedbackPortal.Infrastructure.ReferenceData.CommuneDirectory communes) : Controller
{
    private const int TrendMonths = 12;

    [HttpGet("/thong-ke")]
    [HttpGet("/statistics")]
    public async Task<IActionResult> Index([FromQuery] StatisticsRequest request, CancellationToken ct) =>
        View("/Features/Statistics/Index.cshtml", await BuildAsync(request, null, ct));

    [HttpGet("/thong-ke/co-quan/{agency}")]
    [HttpGet("/statistics/agency/{agency}")]
    public async Task<IActionResult> Agency(string agency, [FromQuery] StatisticsRequest request, CancellationToken ct)
    {
        if (!await db.Agencies.AnyAsync(a => a.Code == agency, ct))
        {
            return NotFound();
        }

        return View("/Features/Statistics/Index.cshtml", await BuildAsync(request, agency, ct));
    }

    private async Task<StatisticsPage> BuildAsync(StatisticsRequest request, string? agency, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var period = request.ToPeriod(now);
        var scope = request.ToScope(agency);
        var names = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Name(ReferenceLists.Language), ct);
        var localities = await lists.LocalitiesAsync(ct);
        var trendStart = new DateOnly(period.To.Year, period.To.Month, 1).AddMonths(-(TrendMonths - 1));
        var trendPeriod = new StatisticsPeriod(PeriodKind.Custom, trendStart, trendStart.AddMonths(TrendMonths).AddDays(-1));
        var trendRows = (await statistics.BreakdownAsync(scope, trendPeriod, Grouping.Month, ct)).ToDictionary(r => r.Key, r => r.Figures);
        var trend = Enumerable.Range(0, TrendMonths).Select(i => trendStart.AddMonths(i))
            .Select(m => new MonthFigures(m, trendRows.GetValueOrDefault($"{m.Year:D4}-{m.Month:D2}") ?? new Figures())).ToList();
        IReadOnlyList<LeagueRow> league = [], provinces = [];
        if (agency is null)
        {
            league = (await statistics.BreakdownAsync(scope, period, Grouping.Agency, ct)).Where(r => r.Key.Length > 0)
                .Select(r => new LeagueRow(r.Key, names.GetValueOrDefault(r.Key, r.Key), r.Figures)).ToList();
            league = Sort(league, request.Sort);
            var localityNames = localities.ToDictionary(l => l.Code, l => l.Name);
            provinces = (await statistics.BreakdownAsync(scope, period, Grouping.Locality, ct)).Where(r => r.Key.Length > 0)
                .Select(r => new LeagueRow(r.Key, localityNames.GetValueOrDefault(r.Key, r.Key), r.Figures))
                .OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        }

        return new StatisticsPage
        {
            Request = request,
            Period = period,
            Agency = agency,
            AgencyName = agency is null ? null : names.GetValueOrDefault(agency, agency),
            Figures = await statistics.FiguresAsync(scope, period, ct),
            Trend = trend,
            League = league,
            Provinces = provinces,
            Fields = await lists.FieldsAsync(ct),
            Localities = localities,
            Communes = communes.InLocality(scope.LocalityCode)
                .Select(c => new Option(c.Code, c.DisplayName(ReferenceLists.Language))).ToList(),
        };
    }

    /// <summary>League order; ties broken by the number of ratings, so a small sample never tops a large one by chance alone.</summary>
    private static List<LeagueRow> Sort(IEnumerable<LeagueRow> rows, string? sort) => sort switch
    {
        "on-time" => rows.OrderByDescending(r => r.Figures.OnTimePercent ?? -1).ThenByDescending(r => r.Figures.Answered).ToList(),
        "ratings" => rows.OrderByDescending(r => r.Figures.Ratings).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList(),
        "name" => rows.OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList(),
        _ => rows.OrderByDescending(r => r.Figures.Share(SatisfactionLevel.Satisfied) ?? -1).ThenByDescending(r => r.Figures.Ratings).ToList(),
    };
}

/// <summary>Marker for the statistics feature's texts.</summary>
public sealed class StatisticsText;
