using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FeedbackPortal.Testing;

/// <summary>Small helpers to drive the portal the way clients do.</summary>
public static partial class PortalApi
{
    public const string PartnerKey = "demo-partner-key";
    public const string Password = "Demo@12345";

    public static string AgencyKey(string agency) => "demo-agency-" + agency;

    public static string Officer(string agency) => $"officer@{agency}.feedback.local";

    public static string Head(string agency) => $"head@{agency}.feedback.local";

    public const string Coordinator = "coordinator@feedback.local";

    public static Dictionary<string, object?> Feedback(
        string title = "Cổng dịch vụ công chuyển đổi số bị gián đoạn",
        string content = "Hệ thống dịch vụ công trực tuyến về chuyển đổi số thường xuyên bị gián đoạn vào giờ cao điểm.",
        string field = "the-che-chinh-sach",
        string? locality = null,
        string kind = "feedback",
        bool allowPublish = true) => new()
    {
        ["kind"] = kind,
        ["title"] = title,
        ["content"] = content,
        ["field"] = field,
        ["locality"] = locality,
        ["submitter"] = new Dictionary<string, object?>
        {
            ["name"] = "Nguyễn Văn An",
            ["email"] = "an.nguyen@example.vn",
            ["phone"] = "0912345678",
        },
        ["consent"] = true,
        ["allowPublish"] = allowPublish,
    };

    public static async Task<HttpResponseMessage> PostSubmissionAsync(this HttpClient client, object body, string apiKey = PartnerKey, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", apiKey);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Submits through the partner API and returns the tracking code.</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, object body, string apiKey = PartnerKey)
    {
        using var response = await client.PostSubmissionAsync(body, apiKey);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Submission refused: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("trackingCode").GetString()!;
    }

    public static async Task<JsonElement> StatusAsync(this HttpClient client, string trackingCode) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/submissions/{trackingCode}");

    public static Task<JsonElement> WaitForStatusAsync(this HttpClient client, string trackingCode, string status, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => client.StatusAsync(trackingCode),
            s => s.GetProperty("status").GetString() == status, timeout ?? Patience.Background, $"{trackingCode} to be {status}");

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {pageUrl}.");
    }

    /// <summary>Posts a form the way a browser does, with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string actionUrl,
        IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await client.PostAsync(actionUrl, new FormUrlEncodedContent(all));
    }

    public static async Task LoginAsync(this HttpClient client, string email, string password = Password)
    {
        using var response = await client.PostFormAsync("/account/login", "/account/login",
            [new("Email", email), new("Password", password)]);
        if (!response.IsSuccessStatusCode || response.RequestMessage?.RequestUri?.AbsolutePath == "/account/login")
        {
            throw new InvalidOperationException($"Login of {email} failed: {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// Approves the case's public text the way an officer does on the case page: the publication
    /// form's proposal (redacted by the portal), unchanged unless <paramref name="edit"/> changes it.
    /// Returns the approved (title, content, answer).
    /// </summary>
    public static async Task<(string Title, string Content, string? Answer)> ApprovePublicationAsync(this HttpClient staff, string code,
        Func<(string Title, string Content, string? Answer), (string Title, string Content, string? Answer)>? edit = null)
    {
        var html = await staff.GetStringAsync($"/staff/cases/{code}");
        var title = PublicTitlePattern().Match(html);
        var content = PublicContentPattern().Match(html);
        if (!title.Success || !content.Success)
        {
            throw new InvalidOperationException($"No publication form on the case page of {code}.");
        }

        var answer = PublicAnswerPattern().Match(html);
        var text = (WebUtility(title.Groups[1].Value), WebUtility(content.Groups[1].Value), answer.Success ? WebUtility(answer.Groups[1].Value) : null);
        text = edit?.Invoke(text) ?? text;
        var fields = new List<KeyValuePair<string, string>> { new("publicTitle", text.Item1), new("publicContent", text.Item2) };
        if (text.Item3 is not null)
        {
            fields.Add(new("publicAnswer", text.Item3));
        }

        using var response = await staff.PostFormAsync($"/staff/cases/{code}", $"/staff/cases/{code}/publish", fields);
        if (!response.IsSuccessStatusCode || response.RequestMessage?.RequestUri?.Query.Contains("done=publish", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"Publication of {code} refused: {(int)response.StatusCode}");
        }

        return text;
    }

    private static string WebUtility(string value) => System.Net.WebUtility.HtmlDecode(value);

    [GeneratedRegex("id=\"public-title\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex PublicTitlePattern();

    [GeneratedRegex("id=\"public-content\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex PublicContentPattern();

    [GeneratedRegex("id=\"public-answer\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex PublicAnswerPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
