using System.Net;
using System.Text;
using System.Text.Json;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>Text is normalised and cleaned at the edge, the same for the JSON API and the HTML form, on both databases.</summary>
public abstract class InputTextTests(PortalHost host)
{
    private const string Decomposed = "Đe\u0300n đươ\u0300ng ho\u0309ng ta\u0323i phươ\u0300ng Ba\u0301ch Khoa"; // NFD, as macOS keyboards send it
    private const string Composed = "Đèn đường hỏng tại phường Bách Khoa";

    private Task<Submission> StoredAsync(string code) =>
        host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking().SingleAsync(s => s.TrackingCode == code));

    [Fact]
    public async Task Api_input_is_stored_in_nfc_and_titles_and_names_lose_bidi_and_zero_width_characters()
    {
        Assert.NotEqual(Composed, Decomposed);
        using var client = host.CreateClient();
        var body = PortalApi.Feedback(title: "\u202E" + Decomposed + "\u200B\u2066", content: Decomposed + " – nội dung chi tiết\tcó tab\nvà xuống dòng, dài đủ.");
        ((Dictionary<string, object?>)body["submitter"]!)["name"] = "Nguye\u0302\u0303n\u200D Văn\u2067 An\uFEFF";
        var code = await client.SubmitAsync(body);

        var stored = await StoredAsync(code);
        Assert.Equal(Composed, stored.Title);
        Assert.Equal("Nguyễn Văn An", stored.Submitter.Name);
        Assert.Equal(Composed + " – nội dung chi tiết\tcó tab\nvà xuống dòng, dài đủ.", stored.Content);
    }

    [Theory]
    [InlineData("title", "\u0000", "vi", "ký tự điều khiển")]
    [InlineData("content", "\u0007", "en", "control characters")]
    [InlineData("submitter.name", "\u001B", "vi", "ký tự điều khiển")]
    [InlineData("submitter.email", "\u0085", "en", "control characters")]
    public async Task Api_control_characters_are_refused_with_a_field_error_and_nothing_is_stored(string field, string bad, string language, string message)
    {
        using var client = host.CreateClient();
        var body = PortalApi.Feedback();
        var submitter = (Dictionary<string, object?>)body["submitter"]!;
        switch (field)
        {
            case "title": body["title"] = "Tiêu đề có ký tự" + bad + " lạ ở giữa"; break;
            case "content": body["content"] = (string)body["content"]! + bad; break;
            case "submitter.name": submitter["name"] = "Nguyễn" + bad + " An"; break;
            default: submitter["email"] = "an" + bad + "@example.vn"; break;
        }

        var before = await IntakeForms.CountsAsync(host);
        using var response = await client.PostSubmissionAsync(body, language: language);
        var problem = await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    [Fact]
    public async Task Multipart_api_json_part_follows_the_same_rules()
    {
        using var client = host.CreateClient();
        var body = PortalApi.Feedback(title: "Tiêu đề có NUL\u0000 ở giữa câu");
        using var content = new MultipartFormDataContent { { new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), "submission" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = content };
        request.Headers.Add("X-Api-Key", PortalApi.PartnerKey);
        var before = await IntakeForms.CountsAsync(host);
        using var response = await client.SendAsync(request);
        var problem = await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    [Theory]
    [InlineData("vi", "ký tự điều khiển")]
    [InlineData("en", "control characters")]
    public async Task The_form_with_a_nul_comes_back_with_the_error_and_what_was_typed(string culture, string message)
    {
        using var client = host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback("Đèn đường hỏng\u0000 tại phường Bách Khoa");
        fields["Name"] = "Trần\u200B Thị Bình";
        var before = await IntakeForms.CountsAsync(host);
        using var response = await IntakeForms.PostAsync(client, "feedback", fields, culture: culture);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Title-error", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("value=\"Đèn đường hỏng tại phường Bách Khoa\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Trần Thị Bình\"", html, StringComparison.Ordinal);
        Assert.Contains("binh.tran@example.vn", html, StringComparison.Ordinal);
        Assert.Contains("Khi đăng nhập bằng tài khoản định danh điện tử", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', html);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    [Fact]
    public async Task The_form_stores_nfc_and_cleans_the_title()
    {
        using var client = host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback("\u202B" + Decomposed + "\u2069");
        using var response = await IntakeForms.PostAsync(client, "feedback", fields);
        var stored = await StoredAsync(IntakeForms.TrackingCodeFrom(response));
        Assert.Equal(Composed, stored.Title);
        Assert.True(stored.Content.IsNormalized(NormalizationForm.FormC));
    }
}

public sealed class InputTextOnSqliteTests(ManyClientsHost host) : InputTextTests(host), IClassFixture<ManyClientsHost>;

public sealed class PostgresHardeningHost() : PortalHost(new PortalHostOptions { Postgres = true });

public sealed class InputTextOnPostgresTests(PostgresHardeningHost host) : InputTextTests(host), IClassFixture<PostgresHardeningHost>;
