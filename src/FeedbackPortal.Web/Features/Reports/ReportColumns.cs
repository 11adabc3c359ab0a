using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Statistics;

namespace FeedbackPortal.Web.Features.Reports;

/// <summary>One column of the monthly report: a stable key, its Vietnamese and English header, its value.</summary>
public sealed record ReportColumn(string Key, string Vi, string En, Func<MonthlyReport, ReportRow, object?> Value)
{
    public string Header(string language) => language == "en" ? En : Vi;
}

/// <summary>
/// The columns of the CSV, XLSX and HTML report, in order (documented in docs/statistics.md). Counts
/// are integers; percentages are 0–100 with one decimal; working days may be .5 (a median of two);
/// an empty cell means "no case to measure".
/// </summary>
public static class ReportColumns
{
    public static readonly IReadOnlyList<ReportColumn> All =
    [
        new("period", "Kỳ báo cáo", "Period", (r, _) => r.Period.Key),
        new("code", "Mã", "Code", (_, row) => row.Code),
        new("name", "Cơ quan", "Agency", (_, row) => row.Name),
        new("received", "Đã tiếp nhận", "Received", (_, row) => row.Figures.Received),
        new("answered", "Đã trả lời", "Answered", (_, row) => row.Figures.Answered),
        new("answered_on_time", "Trả lời đúng hạn", "Answered on time", (_, row) => row.Figures.AnsweredOnTime),
        new("on_time_percent", "Tỷ lệ đúng hạn (%)", "On time (%)", (_, row) => Round(row.Figures.OnTimePercent)),
        new("median_working_days", "Trung vị ngày làm việc để trả lời", "Median working days to answer", (_, row) => row.Figures.MedianWorkingDays),
        new("p90_working_days", "Phân vị 90 ngày làm việc để trả lời", "90th percentile working days to answer", (_, row) => row.Figures.P90WorkingDays),
        new("open_now", "Đang xử lý (hiện tại)", "Open now", (_, row) => row.Figures.OpenNow),
        new("overdue_now", "Quá hạn (hiện tại)", "Overdue now", (_, row) => row.Figures.OverdueNow),
        new("transferred", "Đã chuyển cơ quan khác", "Transferred", (_, row) => row.Figures.Transferred),
        new("ratings", "Số lượt đánh giá", "Ratings", (_, row) => row.Figures.Ratings),
        new("satisfied", "Hài lòng", "Satisfied", (_, row) => row.Figures.Satisfied),
        new("acceptable", "Chấp nhận được", "Acceptable", (_, row) => row.Figures.Acceptable),
        new("dissatisfied", "Không hài lòng", "Dissatisfied", (_, row) => row.Figures.Dissatisfied),
        new("satisfied_percent", "Tỷ lệ hài lòng (%)", "Satisfied (%)", (_, row) => Round(row.Figures.Share(SatisfactionLevel.Satisfied))),
        new("initiatives_received", "Sáng kiến tiếp nhận", "Initiatives received", (_, row) => row.Figures.InitiativesReceived),
        new("initiatives_adopted", "Sáng kiến được áp dụng thí điểm", "Initiatives adopted for a pilot", (_, row) => row.Figures.InitiativesAdopted),
    ];

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1, MidpointRounding.AwayFromZero) : null;
}
