using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Captcha;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Idempotency;

public sealed class IdempotentIntakeOnSqliteTests(IdempotencySqliteHost host) : IdempotentIntakeTests(host), IClassFixture<IdempotencySqliteHost>;

[Trait("Category", "ProductionEngines")]
public sealed class IdempotentIntakeOnPostgresTests(IdempotencyPostgresHost host) : IdempotentIntakeTests(host), IClassFixture<IdempotencyPostgresHost>;

/// <summary>
/// Idempotency-Key on the JSON API and Open311, and the HTML form's one-time key: retries and
/// concurrent duplicates create one case and get the first answer; a key reused for another request is refused.
/// </summary>
public abstract class IdempotentIntakeTests(PortalHost host)
{
    private readonly HttpClient _client = host.NoRedirectClient();

    [Fact]
    public async Task An_api_retry_with_the_same_key_gets_the_original_answer_and_stores_nothing_new()
    {
        var title = UniqueTitle();
        var key = Guid.NewGuid().ToString();
        using var first = await PostApiAsync(PortalApi.Feedback(title), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        var code = JsonDocument.Parse(body).RootElement.GetProperty("trackingCode").GetString();
        var before = await CountsAsync(title);

        using var retry = await PostApiAsync(PortalApi.Feedback(title), key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(body, await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal($"/api/v1/submissions/{code}", retry.Headers.Location!.OriginalString);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before, await CountsAsync(title));
        Assert.Equal(1, before.Cases);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_a_422_problem_and_stores_nothing()
    {
        var title = UniqueTitle();
        var key = Guid.NewGuid().ToString();
        using var first = await PostApiAsync(PortalApi.Feedback(title), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var other = await PostApiAsync(PortalApi.Feedback(title, content: "Một nội dung khác hẳn lần gửi đầu, đủ dài để hợp lệ."), key, "en");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await CountsAsync(title)).Cases);
    }

    [Fact]
    public async Task Keys_belong_to_one_api_client_and_must_be_well_formed()
    {
        var title = UniqueTitle();
        var key = Guid.NewGuid().ToString();
        using var partner = await PostApiAsync(PortalApi.Feedback(title), key);
        using var agency = await PostApiAsync(PortalApi.Feedback(title), key, apiKey: PortalApi.AgencyKey("bo-khcn"));
        Assert.Equal(HttpStatusCode.Created, partner.StatusCode);
        Assert.Equal(HttpStatusCode.Created, agency.StatusCode);
        Assert.NotEqual(await Code(partner), await Code(agency));

        using var tooLong = await PostApiAsync(PortalApi.Feedback(title), new string('k', 256));
        using var notAscii = await PostApiAsync(PortalApi.Feedback(title), "khóa lạ");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAscii.StatusCode);
        Assert.Equal(2, (await CountsAsync(title)).Cases);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_exactly_one_case()
    {
        var title = UniqueTitle();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PostApiAsync(PortalApi.Feedback(title), key))));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var codes = await Task.WhenAll(responses.Select(Code));
            Assert.Single(codes.Distinct());
            var counts = await CountsAsync(title);
            Assert.Equal(1, counts.Cases);
            Assert.Equal(2, counts.Outbox); // one SubmissionReceived, one receipt
            Assert.Equal(1, counts.Keys);
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_open311_retry_gets_the_same_service_request_id()
    {
        var description = UniqueTitle() + " — trạm sạc xe điện công cộng không hoạt động suốt hai tuần.";
        var key = Guid.NewGuid().ToString();
        using var first = await PostOpen311Async(description, key);
        using var retry = await PostOpen311Async(description, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString();
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString());

        using var other = await PostOpen311Async(description + " Thêm chi tiết.", key);
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.Equal(422, (await other.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());
        Assert.Equal(1, await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.CountAsync(s => s.TrackingCode == id)));
        Assert.Equal(1, await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().IdempotencyRecords.CountAsync(r => r.Key == key)));
    }

    [Fact]
    public async Task A_form_sent_twice_leads_both_times_to_the_same_receipt()
    {
        var (fields, title) = await FreshFormAsync();
        using var first = await IntakeForms.PostAsync(_client, "feedback", fields);
        using var again = await IntakeForms.PostAsync(_client, "feedback", fields); // resend after a timeout: same key, same solution
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal($"/status/{IntakeForms.TrackingCodeFrom(first)}?submitted=1", again.Headers.Location!.OriginalString);
        Assert.Equal(1, (await CountsAsync(title)).Cases);
    }

    [Fact]
    public async Task A_double_click_posting_the_form_twice_at_once_creates_one_case()
    {
        var (fields, title) = await FreshFormAsync();
        var posts = await Task.WhenAll(Task.Run(() => IntakeForms.PostAsync(_client, "feedback", fields)),
            Task.Run(() => IntakeForms.PostAsync(_client, "feedback", fields)));
        try
        {
            Assert.All(posts, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));
            Assert.Equal(posts[0].Headers.Location, posts[1].Headers.Location);
            var counts = await CountsAsync(title);
            Assert.Equal(1, counts.Cases);
            Assert.Equal(2, counts.Outbox);
        }
        finally
        {
            posts[0].Dispose();
            posts[1].Dispose();
        }
    }

    [Fact]
    public async Task A_form_changed_after_it_was_sent_is_shown_again_with_a_new_key_instead_of_the_receipt()
    {
        var (fields, title) = await FreshFormAsync();
        using var first = await IntakeForms.PostAsync(_client, "feedback", fields);
        var code = IntakeForms.TrackingCodeFrom(first);

        fields["Content"] += " Bổ sung: lỗi xảy ra cả trên ứng dụng di động.";
        using var edited = await IntakeForms.PostAsync(_client, "feedback", fields, culture: "en");
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
        var html = await edited.Content.ReadAsStringAsync();
        Assert.Contains($"created case {code}", html, StringComparison.Ordinal);
        var newKey = IntakeForms.HiddenFields(html)["SubmissionKey"];
        Assert.NotEqual(fields["SubmissionKey"], newKey);
        Assert.Equal(1, (await CountsAsync(title)).Cases);

        // Sending it again with the new key is a deliberate second case.
        fields["SubmissionKey"] = newKey;
        fields["altcha"] = await AltchaSolver.SolvedPayloadAsync(_client);
        using var second = await IntakeForms.PostAsync(_client, "feedback", fields);
        Assert.NotEqual(code, IntakeForms.TrackingCodeFrom(second));
        Assert.Equal(2, (await CountsAsync(title)).Cases);
    }

    [Fact]
    public async Task Expired_keys_are_forgotten_and_deleted_by_the_cleanup_job()
    {
        var title = UniqueTitle();
        var key = Guid.NewGuid().ToString();
        using var first = await PostApiAsync(PortalApi.Feedback(title), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // Within Idempotency:KeyLifetime (24 h) nothing is due; a day later the job deletes the key.
        var cleanup = host.Services.GetRequiredService<IdempotencyKeyCleanup>();
        Assert.Equal(1, (await CountsAsync(title)).Keys);
        await cleanup.RunOnceAsync(DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal(1, (await CountsAsync(title)).Keys);
        Assert.True(await cleanup.RunOnceAsync(DateTimeOffset.UtcNow.AddHours(25), CancellationToken.None) >= 1);
        Assert.Equal(0, (await CountsAsync(title)).Keys);

        // Once forgotten, the key is free: the same request is a new case.
        using var later = await PostApiAsync(PortalApi.Feedback(title), key);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await CountsAsync(title)).Cases);
    }

    private static string UniqueTitle() => "Khóa chống gửi trùng " + Guid.NewGuid().ToString("N")[..10];

    private async Task<HttpResponseMessage> PostApiAsync(object body, string key, string? language = null, string apiKey = PortalApi.PartnerKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await _client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostOpen311Async(string description, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = PortalApi.PartnerKey,
                ["service_code"] = "the-che-chinh-sach",
                ["description"] = description,
                ["first_name"] = "Minh",
                ["last_name"] = "Lê",
                ["email"] = "le.minh@example.vn",
                ["attribute[kind]"] = "feedback",
                ["attribute[consent]"] = "true",
            }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    /// <summary>A form as the page renders it: its one-time key, plus a solved captcha.</summary>
    private async Task<(Dictionary<string, string> Fields, string Title)> FreshFormAsync()
    {
        var title = UniqueTitle();
        var fields = IntakeForms.ValidFeedback(title);
        var page = await _client.GetStringAsync("/submit/feedback");
        fields["SubmissionKey"] = IntakeForms.HiddenFields(page)["SubmissionKey"];
        Assert.Equal(32, fields["SubmissionKey"].Length);
        fields["altcha"] = await AltchaSolver.SolvedPayloadAsync(_client);
        return (fields, title);
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString();

    /// <summary>Cases with this title, their intake outbox rows, and their idempotency keys.</summary>
    private Task<(int Cases, int Outbox, int Keys)> CountsAsync(string title) =>
        host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var ids = await db.Submissions.Where(s => s.Title == title).Select(s => s.Id).ToListAsync();
            var outbox = await db.OutboxMessages.Where(m => m.MessageType == "SubmissionReceived" || m.MessageType == "NotificationRequested")
                .Select(m => m.Payload).ToListAsync();
            var keys = await db.IdempotencyRecords.CountAsync(r => ids.Contains(r.SubmissionId));
            return (ids.Count, outbox.Count(p => ids.Any(id => p.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase))), keys);
        });
}
