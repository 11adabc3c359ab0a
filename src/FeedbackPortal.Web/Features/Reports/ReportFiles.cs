using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using FeedbackPortal.Infrastructure.Statistics;

namespace FeedbackPortal.Web.Features.Reports;

/// <summary>Writes a <see cref="MonthlyReport"/> as CSV and XLSX. Same columns, same values, one header row.</summary>
public static class ReportFiles
{
    /// <summary>
    /// UTF-8 with a byte order mark, so Excel opens the Vietnamese headers and names correctly; numbers
    /// in the invariant culture (dot decimal), so any tool reads them the same.
    /// </summary>
    public static byte[] Csv(MonthlyReport report, string language)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord(ReportColumns.All.Select(c => c.Header(language)).ToArray());
            foreach (var row in report.Rows)
            {
                csv.WriteRecord(ReportColumns.All.Select(c => c.Value(report, row) switch
                {
                    null => null,
                    double d => d.ToString("0.##", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                }).ToArray());
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Sheet 1: the header row and the figures, numbers stored as numbers. Sheet 2: what the file is
    /// (scope, month, when it was made, where the definitions are).
    /// </summary>
    public static byte[] Xlsx(MonthlyReport report, string language, string definitionsUrl)
    {
        var en = language == "en";
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(en ? "Report" : "Báo cáo");
        for (var c = 0; c < ReportColumns.All.Count; c++)
        {
            var cell = sheet.Cell(1, c + 1);
            cell.Value = ReportColumns.All[c].Header(language);
            cell.Style.Font.Bold = true;
            cell.Style.Alignment.WrapText = true;
            // Set, not measured: ClosedXML measures text with GDI+, which a Linux server lacks.
            sheet.Column(c + 1).Width = c == 2 ? 48 : 14;
        }

        for (var r = 0; r < report.Rows.Count; r++)
        {
            for (var c = 0; c < ReportColumns.All.Count; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                switch (ReportColumns.All[c].Value(report, report.Rows[r]))
                {
                    case int i:
                        cell.Value = i;
                        break;
                    case double d:
                        cell.Value = d;
                        cell.Style.NumberFormat.Format = "0.0";
                        break;
                    case string s:
                        cell.SetValue(s); // SetValue keeps text as text ("2026-10" must not become a date)
                        break;
                }
            }
        }

        sheet.SheetView.FreezeRows(1);
        var notes = workbook.AddWorksheet(en ? "Notes" : "Ghi chú");
        string[][] lines =
        [
            [en ? "Report" : "Báo cáo", (en ? "Monthly report " : "Báo cáo tháng ") + report.Period.Label + " — " + report.ScopeName],
            [en ? "Generated at (UTC+7)" : "Thời điểm lập (UTC+7)", report.GeneratedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
            [en ? "Definitions" : "Định nghĩa", definitionsUrl],
            [en ? "Note" : "Lưu ý", en ? "Open now and overdue now are as of the time the report was generated." : "Số đang xử lý và quá hạn tính tại thời điểm lập báo cáo."],
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            notes.Cell(i + 1, 1).SetValue(lines[i][0]);
            notes.Cell(i + 1, 2).SetValue(lines[i][1]);
        }

        notes.Column(1).Width = 24;
        notes.Column(2).Width = 90;
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }
}
