using System.Globalization;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// E-mail texts in Vietnamese and English. Plain text on purpose: it renders in every client and
/// carries no tracking. Placeholders are {name} from the notification's values.
/// </summary>
public static class EmailTemplates
{
    public const string Receipt = "receipt";

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
    };

    public static EmailMessage Render(string template, string language, string to, IReadOnlyDictionary<string, string> values)
    {
        var lang = language == "en" ? "en" : "vi";
        if (!Texts.TryGetValue((template, lang), out var text))
        {
            throw new InvalidOperationException($"No e-mail template '{template}' in '{lang}'.");
        }

        return new EmailMessage(to, Fill(text.Subject, values), Fill(text.Body, values));
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
