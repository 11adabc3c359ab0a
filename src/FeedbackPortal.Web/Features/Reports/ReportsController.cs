using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Statistics;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Reports;

/// <summary>The report form's query string: a month and an agency (none: the whole country).</summary>
public sealed class ReportRequest
{
    public int? Year { get; set; }
    public int? Month { get; set; }
    public string? Agency { get; set; }

    /// <summary>The chosen month; by default the last complete one (Vietnam time).</summary>
    public StatisticsPeriod ToPeriod(DateTimeOffset now) =>
        Year is >= 2000 and <= 2100 && Month is >= 1 and <= 12 ? StatisticsPeriod.Month(Year.Value, Month.Value) : StatisticsPeriod.PreviousMonth(now);

    public string? AgencyCode => string.IsNullOrWhiteSpace(Agency) ? null : Agency.Trim();
}

public sealed class ReportPage
{
    public required MonthlyReport Report { get; init; }
    public required IReadOnlyList<Option> Agencies { get; init; }
    public required string Query { get; init; }
}

/// <summary>
/// The monthly report ("Ba công khai"): for staff of the agency, the coordinators and the public alike,
/// because it holds only published counts. A printable page (/bao-cao, /reports) and the same figures
/// as CSV and XLSX; every figure comes from <see cref="MonthlyReports"/>, i.e. the dashboard's query layer.
/// </summary>
public sealed class ReportsController(MonthlyReports reports, PortalDbContext db, TimeProvider clock, IOptions<PortalOptions> portal) : Controller
{
    [HttpGet("/bao-cao")]
    [HttpGet("/reports")]
    public async Task<IActionResult> Index([FromQuery] ReportRequest request, CancellationToken ct)
    {
        var report = await BuildAsync(request, ct);
        if (report is null)
        {
            return NotFound();
        }

        var agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        return View("/Features/Reports/Index.cshtml", new ReportPage
        {
            Report = report,
            Agencies = agencies.Select(a => new Option(a.Code, a.Name(ReferenceLists.Language))).OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList(),
            Query = Query(report),
        });
    }

    [HttpGet("/bao-cao/csv")]
    [HttpGet("/reports/csv")]
    public async Task<IActionResult> Csv([FromQuery] ReportRequest request, CancellationToken ct) =>
        await BuildAsync(request, ct) is { } report
            ? File(ReportFiles.Csv(report, ReferenceLists.Language), "text/csv; charset=utf-8", FileName(report, "csv"))
            : NotFound();

    [HttpGet("/bao-cao/xlsx")]
    [HttpGet("/reports/xlsx")]
    public async Task<IActionResult> Xlsx([FromQuery] ReportRequest request, CancellationToken ct) =>
        await BuildAsync(request, ct) is { } report
            ? File(ReportFiles.Xlsx(report, ReferenceLists.Language, portal.Value.PublicBaseUrl.TrimEnd('/') + "/bao-cao"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName(report, "xlsx"))
            : NotFound();

    private Task<MonthlyReport?> BuildAsync(ReportRequest request, CancellationToken ct) =>
        reports.BuildAsync(request.AgencyCode, request.ToPeriod(clock.GetUtcNow()), ReferenceLists.Language, ct);

    private static string FileName(MonthlyReport report, string extension) =>
        $"bao-cao-{report.Period.Key}-{report.AgencyCode ?? MonthlyReports.CountryCode}.{extension}";

    public static string Query(MonthlyReport report) =>
        $"?year={report.Period.From.Year}&month={report.Period.From.Month}" + (report.AgencyCode is { } a ? "&agency=" + Uri.EscapeDataString(a) : "");
}

/// <summary>Marker for the reports feature's texts.</summary>
public sealed class ReportsText;
