using System.Globalization;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// E-mail texts in Vietnamese and English, written once as plain text: <see cref="EmailComposer"/>
/// sends it as the text part and derives the HTML part from it (no images, no tracking).
/// Placeholders are {name} from the notification's values.
/// </summary>
public static class EmailTemplates
{
    public const string Receipt = "receipt";
    public const string InfoRequest = "info_request";
    public const string AnswerNotice = "answer";
    public const string Reminder = "reminder";
    public const string EscalationHead = "escalation_head";
    public const string EscalationCoordinator = "escalation_coordinator";
    public const string ReviewRequested = "review_requested";
    public const string MonthlyReport = "monthly_report";

    private static readonly Dictionary<(string Template, string Language), (string Subject, string Body)> Texts = new()
    {
        [(Receipt, "vi")] = (
            "Đã tiếp nhận {kindName} {trackingCode}",
            """
            Kính gửi {name},

            Cổng đã tiếp nhận {kindName} của Ông/Bà: "{title}".
            Mã tra cứu: {trackingCode}
            Ngày tiếp nhận: {submittedAt}

            Theo dõi tiến độ xử lý tại: {statusUrl}
            (hoặc nhập mã tra cứu tại trang Tra cứu của Cổng). Cơ quan có thẩm quyền sẽ được
            xác định và thông báo tại địa chỉ trên.

            Xin cảm ơn Ông/Bà đã đóng góp ý kiến.
            Đây là thư tự động, vui lòng không trả lời thư này.
            """),
        [(Receipt, "en")] = (
            "We received your {kindName} {trackingCode}",
            """
            Dear {name},

            The portal has received your {kindName}: "{title}".
            Tracking code: {trackingCode}
            Received on: {submittedAt}

            Follow its progress at: {statusUrl}
            (or enter the tracking code on the portal's status page). The responsible agency
            will be shown there once the case is routed.

            Thank you for your contribution.
            This is an automated message; please do not reply.
            """),
        [(InfoRequest, "vi")] = (
            "Đề nghị bổ sung thông tin cho {kindName} {trackingCode}",
            """
            Kính gửi {name},

            Cơ quan xử lý {kindName} "{title}" (mã {trackingCode}) đề nghị Ông/Bà bổ sung thông tin:

            {question}

            Ông/Bà vui lòng trả lời tại: {respondUrl}
            Thời hạn xử lý tạm dừng cho đến khi Ông/Bà trả lời.

            Đây là thư tự động, vui lòng không trả lời thư này.
            """),
        [(InfoRequest, "en")] = (
            "More information needed for your {kindName} {trackingCode}",
            """
            Dear {name},

            The agency handling your {kindName} "{title}" (code {trackingCode}) asks for more information:

            {question}

            Please answer at: {respondUrl}
            The handling deadline is paused until you answer.

            This is an automated message; please do not reply.
            """),
        [(AnswerNotice, "vi")] = (
            "Đã có kết quả trả lời {kindName} {trackingCode}",
            """
            Kính gửi {name},

            {kindName} "{title}" (mã {trackingCode}) của Ông/Bà đã được trả lời:

            {answer}

            Xem chi tiết tại: {statusUrl}
            Đánh giá mức độ hài lòng (hài lòng / chấp nhận được / không hài lòng) tại: {rateUrl}
            Nếu không hài lòng, Ông/Bà có thể đề nghị cơ quan xem xét lại.

            Đây là thư tự động, vui lòng không trả lời thư này.
            """),
        [(AnswerNotice, "en")] = (
            "Your {kindName} {trackingCode} has been answered",
            """
            Dear {name},

            Your {kindName} "{title}" (code {trackingCode}) has been answered:

            {answer}

            See the details at: {statusUrl}
            Rate the answer (satisfied / acceptable / dissatisfied) at: {rateUrl}
            If you are dissatisfied, you can ask the agency to review the case.

            This is an automated message; please do not reply.
            """),
        [(Reminder, "vi")] = (
            "Nhắc hạn xử lý hồ sơ {trackingCode} (hạn {deadline})",
            """
            Hồ sơ {trackingCode} "{title}" được giao cho đồng chí sắp đến hạn hoặc đã quá hạn xử lý.
            Hạn xử lý: {deadline}. Số ngày làm việc quá hạn: {overdueDays}.

            Mở hồ sơ: {caseUrl}
            """),
        [(Reminder, "en")] = (
            "Reminder: case {trackingCode} is due {deadline}",
            """
            Case {trackingCode} "{title}", assigned to you, is due soon or overdue.
            Deadline: {deadline}. Working days overdue: {overdueDays}.

            Open the case: {caseUrl}
            """),
        [(EscalationHead, "vi")] = (
            "Hồ sơ quá hạn {trackingCode}: báo cáo lãnh đạo cơ quan",
            """
            Hồ sơ {trackingCode} "{title}" của cơ quan {agency} đã quá hạn xử lý ({deadline}; {overdueDays} ngày làm việc).
            Cán bộ được giao: {assignee}.

            Đề nghị đồng chí chỉ đạo xử lý: {caseUrl}
            """),
        [(EscalationHead, "en")] = (
            "Overdue case {trackingCode}: escalated to the head of the agency",
            """
            Case {trackingCode} "{title}" of {agency} is overdue (deadline {deadline}; {overdueDays} working days).
            Assigned officer: {assignee}.

            Please see that it is handled: {caseUrl}
            """),
        [(EscalationCoordinator, "vi")] = (
            "Hồ sơ quá hạn kéo dài {trackingCode}: báo cáo điều phối",
            """
            Hồ sơ {trackingCode} "{title}" của cơ quan {agency} vẫn quá hạn sau khi đã báo cáo lãnh đạo cơ quan
            (hạn {deadline}; {overdueDays} ngày làm việc). Cán bộ được giao: {assignee}.

            Mở hồ sơ: {caseUrl}
            """),
        [(EscalationCoordinator, "en")] = (
            "Case {trackingCode} still overdue: escalated to the coordinators",
            """
            Case {trackingCode} "{title}" of {agency} is still overdue after escalation to the agency head
            (deadline {deadline}; {overdueDays} working days). Assigned officer: {assignee}.

            Open the case: {caseUrl}
            """),
        [(ReviewRequested, "vi")] = (
            "Người gửi không hài lòng, đề nghị xem xét lại hồ sơ {trackingCode}",
            """
            Người gửi hồ sơ {trackingCode} "{title}" đánh giá "không hài lòng" với kết quả trả lời và đề nghị
            xem xét lại. Ý kiến của người gửi:

            {comment}

            Hồ sơ đã trở lại tình trạng đang xử lý, hạn mới {deadline}. Đề nghị đồng chí chỉ đạo xem xét: {caseUrl}
            """),
        [(ReviewRequested, "en")] = (
            "Dissatisfied submitter asks for a review of case {trackingCode}",
            """
            The submitter of case {trackingCode} "{title}" rated the answer "dissatisfied" and asks for a review.
            Their comment:

            {comment}

            The case is in progress again, new deadline {deadline}. Please see that it is reviewed: {caseUrl}
            """),
        [(MonthlyReport, "vi")] = (
            "Báo cáo tháng {month}: {scope}",
            """
            Kính gửi lãnh đạo,

            Báo cáo tiếp nhận và xử lý phản ánh, kiến nghị, sáng kiến tháng {month}: {scope}.

            Đã tiếp nhận: {received}
            Đã trả lời: {answered} (đúng hạn: {onTime})
            Đang quá hạn (hiện tại): {overdue}
            Đánh giá hài lòng: {satisfied} trên {ratings} lượt đánh giá

            Xem và in báo cáo: {reportUrl}
            Tải về CSV: {csvUrl}
            Tải về Excel: {xlsxUrl}

            Đây là thư tự động, vui lòng không trả lời thư này.
            """),
        [(MonthlyReport, "en")] = (
            "Monthly report {month}: {scope}",
            """
            Dear head of agency,

            The report on feedback, petitions and initiatives received and handled in {month}: {scope}.

            Received: {received}
            Answered: {answered} (on time: {onTime})
            Overdue (now): {overdue}
            Satisfied: {satisfied} of {ratings} ratings

            View and print the report: {reportUrl}
            Download as CSV: {csvUrl}
            Download as Excel: {xlsxUrl}

            This is an automated message; please do not reply.
            """),
    };

    public static EmailMessage Render(string template, string language, string to, IReadOnlyDictionary<string, string> values)
    {
        var lang = language == "en" ? "en" : "vi";
        if (!Texts.TryGetValue((template, lang), out var text))
        {
            throw new InvalidOperationException($"No e-mail template '{template}' in '{lang}'.");
        }

        return new EmailMessage(to, Fill(text.Subject, values), Fill(text.Body, values), lang);
    }

    public static bool Exists(string template) => Texts.ContainsKey((template, "vi"));

    private static string Fill(string text, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    public static string KindName(string kind, string language) => (kind, language) switch
    {
        ("initiative", "en") => "initiative",
        ("initiative", _) => "sáng kiến, giải pháp",
        (_, "en") => "feedback",
        _ => "phản ánh, kiến nghị",
    };

    public static string FormatDate(DateTimeOffset at, string language) =>
        at.ToOffset(TimeSpan.FromHours(7)).ToString(language == "en" ? "d MMM yyyy" : "dd/MM/yyyy",
            CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "vi-VN"));
}
