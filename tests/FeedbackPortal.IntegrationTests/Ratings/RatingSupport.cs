using System.Text.RegularExpressions;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Ratings;

/// <summary>Answered cases and the rating link of their answer e-mail.</summary>
internal static partial class RatingSupport
{
    /// <summary>Delivers a case, answers it as the ministry's officer and returns the rating token of answer number <paramref name="answer"/>.</summary>
    public static async Task<(string Code, string Token)> AnsweredCaseAsync(PortalHost host, HttpClient client, string title)
    {
        var code = await client.DeliveredCaseAsync(title);
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "answer", ("answer", "Trả lời lần một: đã xử lý.")), code);
        return (code, await RatingTokenAsync(host, code, 1));
    }

    /// <summary>The token of the <paramref name="nth"/> answer e-mail of a case (e-mails of earlier answers carry older tokens).</summary>
    public static async Task<string> RatingTokenAsync(PortalHost host, string code, int nth)
    {
        var mails = await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code, StringComparison.Ordinal) && m.Body.Contains("?rate=", StringComparison.Ordinal),
            count: nth);
        var tokens = mails.Select(m => Uri.UnescapeDataString(RateLink().Match(m.Body).Groups[1].Value)).Distinct().ToList();
        Assert.Equal(nth, tokens.Count);
        var page = await host.CreateClient().GetStringAsync($"/status/{code}?rate={Uri.EscapeDataString(tokens[0])}");
        // The newest answer's token is the one whose link shows the form (older ones are refused).
        return tokens.Count == 1 || page.Contains("action=\"/status/" + code + "/rate\"", StringComparison.Ordinal) ? tokens[0] : tokens[1];
    }

    public static Task<HttpResponseMessage> RateAsync(this HttpClient client, string code, string token, string level, string comment = "",
        bool review = false)
    {
        var fields = new List<KeyValuePair<string, string>> { new("token", token), new("level", level), new("comment", comment) };
        if (review)
        {
            fields.Add(new("review", "true"));
        }

        // The antiforgery token is the client's, not the form's: take it from a page that always has a form.
        return client.PostFormAsync("/account/login", $"/status/{code}/rate", fields);
    }

    [GeneratedRegex(@"\?rate=([^#\s]+)#rate")]
    private static partial Regex RateLink();
}
