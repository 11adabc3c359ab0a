using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Cases;

/// <summary>Helpers for staff tests: cases delivered to an agency, logged-in clients, case actions, e-mails.</summary>
internal static partial class StaffTestSupport
{
    public const string Ministry = "bo-khcn"; // the-che-chinh-sach routes here
    public const string Province = "ubnd-ha-noi";

    /// <summary>Submits feedback and waits until the agency's inbox received it.</summary>
    public static async Task<string> DeliveredCaseAsync(this HttpClient client, string title = "Cổng dịch vụ công chuyển đổi số bị gián đoạn",
        string field = "the-che-chinh-sach", string? locality = null, string kind = "feedback")
    {
        var code = await client.SubmitAsync(PortalApi.Feedback(title: title, field: field, locality: locality, kind: kind));
        await client.WaitForStatusAsync(code, "delivered");
        return code;
    }

    public static async Task<HttpClient> StaffAsync(this PortalHost host, string email)
    {
        var client = host.CreateClient();
        await client.LoginAsync(email);
        return client;
    }

    /// <summary>Posts a case action form the way the case page does.</summary>
    public static Task<HttpResponseMessage> ActAsync(this HttpClient staff, string code, string action, params (string Key, string Value)[] fields) =>
        staff.PostFormAsync($"/staff/cases/{code}", $"/staff/cases/{code}/{action}",
            fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public static async Task<HttpResponseMessage> AgencyPostAsync(this HttpClient client, string agency, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add("X-Api-Key", PortalApi.AgencyKey(agency));
        return await client.SendAsync(request);
    }

    public static async Task<string> StatusOfAsync(this HttpClient client, string code) =>
        (await client.StatusAsync(code)).GetProperty("status").GetString()!;

    public static async Task AssertRedirectedToCaseAsync(HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {Excerpt(body)}");
        Assert.Equal($"/staff/cases/{code}", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    public static string Excerpt(string html)
    {
        var m = ErrorPattern().Match(html);
        return m.Success ? m.Value : html[..Math.Min(400, html.Length)];
    }

    [GeneratedRegex("data-error-code=\"[^\"]*\"")]
    private static partial Regex ErrorPattern();
}

/// <summary>E-mails in the pickup folder (&lt;DataDirectory&gt;/mail/*.eml), decoded.</summary>
internal static class PickupMail
{
    public sealed record Mail(string To, string Subject, string Body);

    public static IReadOnlyList<Mail> All(PortalHost host)
    {
        var dir = Path.Combine(host.DataDirectory, "mail");
        return !Directory.Exists(dir) ? [] : Directory.GetFiles(dir, "*.eml").Select(TryParse).OfType<Mail>().ToList();
    }

    public static Task<IReadOnlyList<Mail>> WaitForAsync(PortalHost host, Func<Mail, bool> match, int count = 1, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => Task.FromResult((IReadOnlyList<Mail>)All(host).Where(match).ToList()), m => m.Count >= count,
            timeout ?? Patience.Background, $"{count} matching e-mail(s)");

    /// <summary>Null for a file the sender is still writing; the next look sees it whole.</summary>
    private static Mail? TryParse(string path)
    {
        try
        {
            return Parse(path);
        }
        catch (Exception ex) when (ex is IOException or FormatException or MimeKit.ParseException)
        {
            return null;
        }
    }

    /// <summary>MimeKit reads what MimeKit wrote: the text part of the multipart/alternative, headers decoded.</summary>
    private static Mail Parse(string path)
    {
        using var message = MimeKit.MimeMessage.Load(path);
        return new Mail(message.To.Mailboxes.Single().Address, message.Subject ?? "", message.TextBody ?? "");
    }
}

/// <summary>
/// The default portal as a class fixture: xunit needs a fixture type with a single public
/// constructor, which PortalHost (two) is not.
/// </summary>
public sealed class StaffHost() : PortalHost(new PortalHostOptions());
