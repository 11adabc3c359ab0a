using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>Posting the intake forms the way a browser without JavaScript does.</summary>
public static partial class IntakeForms
{
    public static Dictionary<string, string> ValidFeedback(string title = "Cổng dịch vụ công trực tuyến hay bị lỗi đăng nhập") => new()
    {
        ["Title"] = title,
        ["Content"] = "Khi đăng nhập bằng tài khoản định danh điện tử, hệ thống báo lỗi và không thể nộp hồ sơ trực tuyến.",
        ["Field"] = "the-che-chinh-sach",
        ["Name"] = "Trần Thị Bình",
        ["Email"] = "binh.tran@example.vn",
        ["Phone"] = "0987 654 321",
        ["Consent"] = "true",
        ["AllowPublish"] = "false",
        // Past the similar-cases step (its own tests remove this); validation still applies.
        ["ConfirmedNoDuplicate"] = "true",
    };

    public static Dictionary<string, string> ValidInitiative() => new(ValidFeedback("Nền tảng số kết nối doanh nghiệp khởi nghiệp"))
    {
        ["System"] = "he-thong-1",
        ["ExpectedImpact"] = "Giảm thời gian kết nối nhà đầu tư.",
        ["SupportRequested"] = "Cơ chế thử nghiệm có kiểm soát.",
        ["OrganizationName"] = "Công ty Cổ phần Sáng Tạo Việt",
        ["TaxCode"] = "0101234567",
    };

    /// <summary>Posts the form (multipart, as the page declares) with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string kind, IDictionary<string, string> fields,
        IEnumerable<(string Name, byte[] Content)>? files = null, string? culture = null, string? extraQuery = null)
    {
        var query = culture is null ? "" : $"?culture={culture}";
        var token = await client.AntiforgeryTokenAsync($"/submit/{kind}{query}");
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, bytes) in files ?? [])
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "Files", name);
        }

        var url = $"/submit/{kind}{query}";
        if (extraQuery is not null)
        {
            url += (query.Length == 0 ? "?" : "&") + extraQuery;
        }

        return await client.PostAsync(url, content);
    }

    public static HttpClient NoRedirectClient(this PortalHost host) =>
        host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Submissions + outbox rows: both must stay unchanged when a post is refused.</summary>
    public static Task<(int Submissions, int Outbox, int Attachments)> CountsAsync(PortalHost host) =>
        host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            // Intake writes these two; routing adds others later for earlier cases, asynchronously.
            var outbox = await db.OutboxMessages.CountAsync(m => m.MessageType == "SubmissionReceived" || m.MessageType == "NotificationRequested");
            return (await db.Submissions.CountAsync(), outbox, await db.Attachments.CountAsync());
        });

    public static string TrackingCodeFrom(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!.OriginalString;
        var match = CodePattern().Match(location);
        Assert.True(match.Success, $"No tracking code in {location}");
        return match.Value;
    }

    /// <summary>The hidden fields of the first form on a page (the similar-cases step).</summary>
    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenPattern().Matches(html).GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));

    [GeneratedRegex(@"(PA|SK)-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex CodePattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
