using System.Net;
using ClosedXML.Excel;
using CsvHelper;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Statistics;
using FeedbackPortal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Reports;

/// <summary>A portal of its own: the only cases in it are the ones <see cref="MonthlyReportTests"/> builds.</summary>
public sealed class ReportsHost() : PortalHost(new PortalHostOptions());

/// <summary>
/// The monthly report, downloaded over HTTP in each format and read back, against cases built here
/// with known answers, October 2026 (1 Oct is a Thursday; no public holiday in October).
/// </summary>
public sealed class MonthlyReportTests(ReportsHost host) : IClassFixture<ReportsHost>, IAsyncLifetime
{
    private const string Ministry = "bo-khcn";
    private const string Province = "ubnd-ha-noi";
    private const string October = "year=2026&month=10";
    private static readonly DateTimeOffset Far = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Oct(int day, int hour = 9) => new(2026, 10, day, hour, 0, 0, TimeSpan.FromHours(7));

    public async Task InitializeAsync()
    {
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            if (db.Submissions.Any())
            {
                return;
            }

            Submission Case(DateTimeOffset at, string agency, DateTimeOffset deadline)
            {
                var s = Submission.Create(new SubmissionDraft(SubmissionKind.Feedback, "Báo cáo", "Nội dung", "the-che-chinh-sach", null,
                    new Submitter("Nguyễn Văn Báo", "bao@example.vn", null, null, null), "2025-07", true, "vi"), TrackingCode.New(SubmissionKind.Feedback, at), at);
                s.Route(agency, null, "test", deadline, at);
                s.Deliver(agency, at);
                db.Submissions.Add(s);
                return s;
            }

            var a = Case(Oct(1), Ministry, Oct(22, 23));   // answered Oct 6: 3 working days, on time, satisfied
            a.AnswerWith("Đã xử lý", "officer", Oct(6));
            a.Rate(SatisfactionLevel.Satisfied, null, false, Far, Oct(7));
            var b = Case(Oct(1), Ministry, Oct(22, 23));   // answered Oct 30: 21 working days, late, dissatisfied
            b.AnswerWith("Đã xử lý", "officer", Oct(30));
            b.Rate(SatisfactionLevel.Dissatisfied, "Chậm quá", false, Far, Oct(30, 15));
            Case(Oct(5), Ministry, Oct(20, 23));           // open, overdue now
            var d = Case(Oct(2), Province, Oct(23, 23));   // answered Oct 9: 5 working days, on time, acceptable
            d.AnswerWith("Đã xử lý", "officer", Oct(9));
            d.Rate(SatisfactionLevel.Acceptable, null, false, Far, Oct(9, 15));
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every row of a CSV by its code, as header → value.</summary>
    private static Dictionary<string, Dictionary<string, string>> ParseCsv(byte[] bytes, out string[] headers)
    {
        using var csv = CsvReader.Create(bytes, null);
        csv.ReadHeader();
        headers = csv.Headers.ToArray();
        var rows = new Dictionary<string, Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < headers.Length; i++)
            {
                row[headers[i]] = csv.GetString(i);
            }

            rows[row[headers[1]]] = row;
        }

        return rows;
    }

    [Fact]
    public async Task The_national_CSV_of_October_is_UTF8_with_a_BOM_Vietnamese_headers_and_the_figures_of_the_cases_built()
    {
        using var response = await host.CreateClient().GetAsync($"/bao-cao/csv?{October}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bao-cao-2026-10-ca-nuoc.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);

        var rows = ParseCsv(bytes, out var headers);
        Assert.Equal(["Kỳ báo cáo", "Mã", "Cơ quan", "Đã tiếp nhận", "Đã trả lời", "Trả lời đúng hạn", "Tỷ lệ đúng hạn (%)"], headers[..7]);
        var country = rows[MonthlyReports.CountryCode];
        Assert.Equal(("2026-10", "Toàn quốc"), (country["Kỳ báo cáo"], country["Cơ quan"]));
        Assert.Equal(("4", "3", "2", "66.7"), (country["Đã tiếp nhận"], country["Đã trả lời"], country["Trả lời đúng hạn"], country["Tỷ lệ đúng hạn (%)"]));
        Assert.Equal(("5", "21"), (country["Trung vị ngày làm việc để trả lời"], country["Phân vị 90 ngày làm việc để trả lời"])); // 3, 5, 21
        Assert.Equal(("1", "1", "0"), (country["Đang xử lý (hiện tại)"], country["Quá hạn (hiện tại)"], country["Đã chuyển cơ quan khác"]));
        Assert.Equal(("3", "1", "1", "1", "33.3"), (country["Số lượt đánh giá"], country["Hài lòng"], country["Chấp nhận được"], country["Không hài lòng"], country["Tỷ lệ hài lòng (%)"]));

        var ministry = rows[Ministry];
        Assert.Equal(("3", "2", "1", "50", "12", "21"), (ministry["Đã tiếp nhận"], ministry["Đã trả lời"], ministry["Trả lời đúng hạn"],
            ministry["Tỷ lệ đúng hạn (%)"], ministry["Trung vị ngày làm việc để trả lời"], ministry["Phân vị 90 ngày làm việc để trả lời"]));
        Assert.Equal(("1", "100", "5", "0"), (rows[Province]["Đã trả lời"], rows[Province]["Tỷ lệ đúng hạn (%)"], rows[Province]["Trung vị ngày làm việc để trả lời"], rows[Province]["Tỷ lệ hài lòng (%)"]));

        // Every agency is listed, zeros included; nothing to measure is an empty cell, not 0.
        var agencies = await host.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<PortalDbContext>().Agencies.Count()));
        Assert.Equal(agencies + 1, rows.Count);
        var idle = rows.Values.First(r => r["Mã"] is not Ministry and not Province and not MonthlyReports.CountryCode);
        Assert.Equal(("0", ""), (idle["Đã tiếp nhận"], idle["Tỷ lệ đúng hạn (%)"]));

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("bao@example.vn", text);
        Assert.DoesNotContain("Nguyễn Văn Báo", text);
        Assert.DoesNotContain("Chậm quá", text);

        var english = ParseCsv(await host.CreateClient().GetByteArrayAsync($"/reports/csv?{October}&agency={Ministry}&culture=en&ui-culture=en"), out var enHeaders);
        Assert.Equal(["Period", "Code", "Agency", "Received", "Answered"], enHeaders[..5]);
        Assert.Equal("3", Assert.Single(english).Value["Received"]);
    }

    [Fact]
    public async Task The_XLSX_report_opens_with_numbers_stored_as_numbers_equal_to_the_dashboard_query_layer()
    {
        using var response = await host.CreateClient().GetAsync($"/bao-cao/xlsx?{October}&agency={Ministry}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Báo cáo", sheet.Name);
        var columns = Enumerable.Range(1, sheet.LastColumnUsed().ColumnNumber()).ToDictionary(c => sheet.Cell(1, c).GetString(), c => sheet.Cell(2, c));
        Assert.Equal(3, sheet.LastRowUsed().RowNumber() + 1); // header + one agency row, 1-based
        Assert.Equal("2026-10", columns["Kỳ báo cáo"].GetString());
        Assert.Equal(XLDataType.Text, columns["Kỳ báo cáo"].DataType);
        Assert.Equal(Ministry, columns["Mã"].GetString());
        foreach (var (header, expected) in new (string, double)[]
        {
            ("Đã tiếp nhận", 3), ("Đã trả lời", 2), ("Trả lời đúng hạn", 1), ("Tỷ lệ đúng hạn (%)", 50), ("Trung vị ngày làm việc để trả lời", 12),
            ("Phân vị 90 ngày làm việc để trả lời", 21), ("Đang xử lý (hiện tại)", 1), ("Quá hạn (hiện tại)", 1), ("Số lượt đánh giá", 2),
            ("Hài lòng", 1), ("Không hài lòng", 1), ("Tỷ lệ hài lòng (%)", 50), ("Sáng kiến tiếp nhận", 0),
        })
        {
            Assert.True(columns[header].DataType == XLDataType.Number, header + " is a number");
            Assert.Equal(expected, columns[header].GetDouble());
        }

        // The national workbook's figures are the query layer's, cell by cell.
        var figures = await host.InScopeAsync(sp => sp.GetRequiredService<StatisticsQuery>().FiguresAsync(FigureScope.Country, StatisticsPeriod.Month(2026, 10), default));
        using var national = new XLWorkbook(await host.CreateClient().GetStreamAsync($"/reports/xlsx?{October}&culture=en&ui-culture=en"));
        var en = national.Worksheet("Report");
        var row = en.RowsUsed().Single(r => r.Cell(2).GetString() == MonthlyReports.CountryCode);
        var cells = Enumerable.Range(1, en.LastColumnUsed().ColumnNumber()).ToDictionary(c => en.Cell(1, c).GetString(), c => row.Cell(c));
        Assert.Equal((double)figures.Received, cells["Received"].GetDouble());
        Assert.Equal(figures.MedianWorkingDays, cells["Median working days to answer"].GetDouble());
        Assert.Equal(Math.Round(figures.OnTimePercent!.Value, 1), cells["On time (%)"].GetDouble());
        Assert.Equal((double)figures.Ratings, cells["Ratings"].GetDouble());
        Assert.Contains("10/2026", national.Worksheet("Notes").Cell(1, 2).GetString());
    }

    [Fact]
    public async Task The_printable_report_page_shows_the_figures_and_the_download_links_in_both_languages_and_nothing_personal()
    {
        var client = host.CreateClient();
        var html = await client.GetStringAsync($"/bao-cao?{October}");
        Assert.Contains("Báo cáo tháng 10/2026 — Toàn quốc", html);
        Assert.Contains("data-column=\"received\">4<", html);
        Assert.Contains("data-column=\"on_time_percent\">66,7<", html);
        Assert.Contains($"data-agency=\"{Ministry}\"", html);
        Assert.Contains($"href=\"/bao-cao/csv?{October.Replace("&", "&amp;", StringComparison.Ordinal)}\"", html);
        Assert.DoesNotContain("bao@example.vn", html);
        Assert.DoesNotContain("Chậm quá", html);

        var english = await client.GetStringAsync($"/reports?{October}&agency={Ministry}&culture=en&ui-culture=en");
        Assert.Contains("Monthly report 10/2026", english);
        Assert.Contains("data-column=\"median_working_days\">12<", english);
        Assert.DoesNotContain("data-table=\"report-agencies\"", english);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/bao-cao/csv?agency=khong-co")).StatusCode);
    }
}
