using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using FeedbackPortal.Web.Features.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>The form's niceties without JavaScript: former province names, "một lần khai", similar cases.</summary>
public sealed partial class IntakeJourneyTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    [Theory]
    [InlineData("Bình Dương", "tp-hcm")]
    [InlineData("tinh binh duong", "tp-hcm")]
    [InlineData("Quảng Nam", "da-nang")]
    [InlineData("Thành phố Hà Nội", "ha-noi")]
    [InlineData("Hanoi", "ha-noi")]
    public async Task A_province_typed_by_a_former_or_current_name_is_found(string typed, string locality)
    {
        using var client = host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["LocalityQuery"] = typed;

        using var response = await IntakeForms.PostAsync(client, "feedback", fields);
        var code = IntakeForms.TrackingCodeFrom(response);

        Assert.Equal(locality, await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
            .Where(s => s.TrackingCode == code).Select(s => s.LocalityCode).SingleAsync()));
    }

    [Fact]
    public async Task The_province_list_shows_former_names_without_javascript()
    {
        using var client = host.CreateClient();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/submit/feedback"));
        Assert.Matches("<option value=\"tp-hcm\"[^>]*>[^<]*Bình Dương", html);
        Assert.Contains("name=\"LocalityQuery\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"fp-form-group\"", html, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feedback")]
    [InlineData("initiative")]
    public async Task Enter_in_a_text_field_submits_the_case_not_the_commune_step(string kind)
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync($"/submit/{kind}");

        // HTML's implicit submission uses the form's first submit button in tree order.
        var form = html[html.IndexOf($"action=\"/submit/{kind}\"", StringComparison.Ordinal)..];
        var first = SubmitButton().Match(form);
        Assert.True(first.Success);
        Assert.DoesNotContain("formaction", first.Value, StringComparison.Ordinal);
        Assert.Contains("tabindex=\"-1\"", first.Value, StringComparison.Ordinal);
        Assert.True(form.IndexOf(first.Value, StringComparison.Ordinal) < form.IndexOf("id=\"show-communes\"", StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex("<button[^>]*type=\"submit\"[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex SubmitButton();

    [Fact]
    public async Task Contact_details_are_remembered_only_with_consent_and_can_be_cleared()
    {
        using var client = host.NoRedirectClient();
        var fields = IntakeForms.ValidInitiative();

        // Without the box ticked nothing is kept.
        using (var plain = await IntakeForms.PostAsync(client, "initiative", fields))
        {
            IntakeForms.TrackingCodeFrom(plain);
            Assert.False(plain.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(RememberedContact.CookieName + "=", StringComparison.Ordinal)));
        }

        Assert.DoesNotContain("binh.tran@example.vn", await client.GetStringAsync("/submit/feedback"), StringComparison.Ordinal);

        fields["RememberMe"] = "true";
        using (var remembered = await IntakeForms.PostAsync(client, "initiative", fields))
        {
            IntakeForms.TrackingCodeFrom(remembered);
            var cookie = Assert.Single(remembered.Headers.GetValues("Set-Cookie"), c => c.StartsWith(RememberedContact.CookieName + "=", StringComparison.Ordinal));
            Assert.DoesNotContain("example.vn", Uri.UnescapeDataString(cookie), StringComparison.Ordinal); // encrypted
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        }

        var prefilled = WebUtility.HtmlDecode(await client.GetStringAsync("/submit/feedback"));
        Assert.Contains("value=\"binh.tran@example.vn\"", prefilled, StringComparison.Ordinal);
        Assert.Contains("value=\"Trần Thị Bình\"", prefilled, StringComparison.Ordinal);
        Assert.Contains("value=\"0101234567\"", prefilled, StringComparison.Ordinal);
        Assert.Contains("id=\"forget-contact\"", prefilled, StringComparison.Ordinal);

        using var forget = await client.PostFormAsync("/submit/feedback", "/submit/forget-contact", [new("kind", "feedback")]);
        Assert.Equal(HttpStatusCode.Redirect, forget.StatusCode);
        Assert.Contains(forget.Headers.GetValues("Set-Cookie"), c => c.StartsWith(RememberedContact.CookieName + "=;", StringComparison.Ordinal));
        Assert.DoesNotContain("binh.tran@example.vn", await client.GetStringAsync("/submit/feedback"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Similar_published_cases_are_shown_before_the_final_submit_and_the_person_can_still_go_on()
    {
        using var client = host.NoRedirectClient();
        const string title = "Thủ tục cấp phép phòng thí nghiệm trọng điểm quá phức tạp";
        var published = await client.SubmitAsync(PortalApi.Feedback(title: title, allowPublish: true));
        await client.WaitForStatusAsync(published, "delivered");
        using (var coordinator = host.CreateClient())
        {
            await coordinator.LoginAsync(PortalApi.Coordinator);
            await coordinator.ApprovePublicationAsync(published);
        }

        await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/similar?q={Uri.EscapeDataString(title)}"),
            r => r.GetProperty("items").GetArrayLength() > 0, Patience.Background, "the published case to be indexed");

        // The JSON endpoint site.js uses.
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/similar?q={Uri.EscapeDataString("thu tuc cap phep phong thi nghiem")}");
        var item = json.GetProperty("items")[0];
        Assert.Equal(published, item.GetProperty("trackingCode").GetString());
        Assert.Equal($"/status/{published}", item.GetProperty("url").GetString());
        Assert.Equal(title, item.GetProperty("title").GetString());
        Assert.True(item.TryGetProperty("status", out _));

        var fields = IntakeForms.ValidFeedback(title);
        fields.Remove("ConfirmedNoDuplicate");
        var before = await IntakeForms.CountsAsync(host);
        using var check = await IntakeForms.PostAsync(client, "feedback", fields, [("ghi-chu.txt", "Ghi chú"u8.ToArray())]);
        var html = await check.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains(published, html, StringComparison.Ordinal);
        Assert.Contains("id=\"submit-anyway\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));

        var hidden = IntakeForms.HiddenFields(html);
        Assert.Equal(fields["Email"], hidden["Email"]);
        hidden.Remove("__RequestVerificationToken");
        hidden["ConfirmedNoDuplicate"] = "true";
        using var anyway = await IntakeForms.PostAsync(client, "feedback", hidden);
        var code = IntakeForms.TrackingCodeFrom(anyway);
        Assert.NotEqual(published, code);
        var after = await IntakeForms.CountsAsync(host);
        Assert.Equal(before.Submissions + 1, after.Submissions);
        Assert.Equal(before.Attachments + 1, after.Attachments);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_with_the_api_key_scheme()
    {
        using var client = host.CreateClient();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/submissions", out var submissions));
        var post = submissions.GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(post.TryGetProperty("security", out _));
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
        Assert.True(paths.TryGetProperty("/open311/v2/requests.json", out var open311));
        Assert.Contains(open311.GetProperty("post").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.False(paths.TryGetProperty("/submit/feedback", out _));
    }
}
