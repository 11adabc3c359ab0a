using System.Net;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.WalkingSkeleton;

/// <summary>
/// The whole path: API and HTML intake → database + outbox → bus → agency queue → inbox consumer
/// (delivered) → index → staff inbox → public status. Runs on the embedded defaults and on
/// PostgreSQL + RabbitMQ (the concrete classes below).
/// </summary>
public abstract class SubmissionPathTests<THost>(THost host) where THost : PortalHost
{
    protected THost Host { get; } = host;

    [Fact]
    public async Task Submitting_feedback_through_the_api_answers_201_with_a_tracking_code_and_its_location()
    {
        var client = Host.CreateClient();

        using var response = await client.PostSubmissionAsync(PortalApi.Feedback());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var code = body.GetProperty("trackingCode").GetString()!;
        Assert.Matches("^PA-[0-9]{2}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
        Assert.Equal("received", body.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/submissions/{code}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Feedback_on_a_ministry_field_is_delivered_to_that_ministry_and_the_status_shows_its_name()
    {
        var client = Host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(field: "the-che-chinh-sach"));

        var status = await client.WaitForStatusAsync(code, "delivered");

        Assert.Equal("bo-khcn", status.GetProperty("agency").GetProperty("code").GetString());
        Assert.Equal("Bộ Khoa học và Công nghệ", status.GetProperty("agency").GetProperty("name").GetString());
        Assert.Equal(new[] { "received", "routed", "delivered" },
            status.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("status").GetString() ?? "").ToArray());
        Assert.True(status.GetProperty("deadline").GetDateTimeOffset() > status.GetProperty("submittedAt").GetDateTimeOffset());

        var page = await client.GetStringAsync($"/status/{code}");
        Assert.Contains(code, page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"delivered\"", page, StringComparison.Ordinal);
        Assert.Contains("Bộ Khoa học và Công nghệ", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"vi\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thu-tuc-hanh-chinh", "ha-noi", "ubnd-ha-noi")]
    [InlineData("thu-tuc-hanh-chinh", null, "vpcp")]
    [InlineData("khac", null, "central-triage")]
    public async Task Routing_follows_the_rules_from_the_reference_data(string field, string? locality, string agency)
    {
        var client = Host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(field: field, locality: locality));

        var status = await client.WaitForStatusAsync(code, "delivered");

        Assert.Equal(agency, status.GetProperty("agency").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_person_submits_the_html_form_and_lands_on_the_status_page()
    {
        var client = Host.CreateClient();

        using var response = await client.PostFormAsync("/submit/feedback", "/submit/feedback",
        [
            new("Title", "Thủ tục cấp phép thử nghiệm có kiểm soát còn chậm"),
            new("Content", "Doanh nghiệp chờ hơn ba tháng để được cấp phép thử nghiệm công nghệ mới theo cơ chế sandbox."),
            new("Field", "the-che-chinh-sach"),
            new("Name", "Trần Thị Bình"),
            new("Email", "binh.tran@example.vn"),
            new("Phone", "0987 654 321"),
            new("Consent", "true"),
            new("AllowPublish", "true"),
        ]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/status/PA-", path, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(path["/status/".Length..], html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_of_the_ministry_finds_the_case_by_a_query_typed_without_diacritics()
    {
        var client = Host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(
            title: "Chuyển đổi số trong quản lý đề tài khoa học", field: "nghien-cuu-khoa-hoc"));
        await client.WaitForStatusAsync(code, "delivered");

        var officer = Host.CreateClient();
        await officer.LoginAsync(PortalApi.Officer("bo-khcn"));

        await Eventually.UntilAsync(async () =>
            (await officer.GetStringAsync("/staff/inbox?q=chuyen+doi+so+de+tai")).Contains($"data-tracking-code=\"{code}\"", StringComparison.Ordinal),
            what: "the case to be found in the inbox search");
        Assert.Contains($"data-tracking-code=\"{code}\"", await officer.GetStringAsync("/staff/inbox"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_of_another_agency_never_sees_the_case()
    {
        var client = Host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(title: "Dữ liệu dân cư đồng bộ chậm giữa các hệ thống", field: "du-lieu"));
        await client.WaitForStatusAsync(code, "delivered");

        var ministry = Host.CreateClient();
        await ministry.LoginAsync(PortalApi.Officer("bo-cong-an"));
        await Eventually.UntilAsync(async () =>
            (await ministry.GetStringAsync("/staff/inbox?q=du+lieu+dan+cu")).Contains(code, StringComparison.Ordinal));

        var other = Host.CreateClient();
        await other.LoginAsync(PortalApi.Officer("bo-khcn"));
        Assert.DoesNotContain(code, await other.GetStringAsync("/staff/inbox"), StringComparison.Ordinal);
        Assert.DoesNotContain(code, await other.GetStringAsync("/staff/inbox?q=du+lieu+dan+cu"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staff_inbox_requires_a_login()
    {
        var client = Host.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/staff/inbox");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_status_carries_no_personal_data()
    {
        var client = Host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback());
        await client.WaitForStatusAsync(code, "delivered");

        var json = await client.GetStringAsync($"/api/v1/submissions/{code}");
        var html = await client.GetStringAsync($"/status/{code}");

        foreach (var personal in new[] { "an.nguyen@example.vn", "0912345678", "Nguyễn Văn An" })
        {
            Assert.DoesNotContain(personal, json, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_tracking_code_answers_404()
    {
        var client = Host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/submissions/PA-26-0000-0000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/status/PA-26-0000-0000")).StatusCode);
    }

    [Theory]
    [InlineData("vi", "Nhập tiêu đề.", "Địa chỉ thư điện tử không đúng định dạng")]
    [InlineData("en", "Enter a title.", "Enter an email address in the correct format")]
    public async Task Bad_input_gets_per_field_errors_in_the_request_language_and_nothing_is_stored(string language, string titleError, string emailError)
    {
        var client = Host.CreateClient();
        var before = await CountsAsync();
        var body = PortalApi.Feedback(title: "");
        ((Dictionary<string, object?>)body["submitter"]!)["email"] = "not-an-email";
        body["consent"] = false;

        using var response = await client.PostSubmissionAsync(body, language: language);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(titleError, errors.GetProperty("title")[0].GetString());
        Assert.StartsWith(emailError, errors.GetProperty("submitter.email")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("consent", out _));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_api_refuses_a_missing_or_unknown_key()
    {
        var client = Host.CreateClient();

        using var none = await client.PostAsync("/api/v1/submissions", System.Net.Http.Json.JsonContent.Create(PortalApi.Feedback()));
        using var wrong = await client.PostSubmissionAsync(PortalApi.Feedback(), apiKey: "not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task The_portal_is_ready_once_migrated_and_the_bus_started()
    {
        var client = Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>Submissions and the intake's own outbox rows (routing of earlier cases may add others meanwhile).</summary>
    private Task<(int Submissions, int Intakes)> CountsAsync() => Host.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PortalDbContext>();
        return (await db.Submissions.CountAsync(), await db.OutboxMessages.CountAsync(m => m.MessageType == "SubmissionReceived"));
    });
}

public sealed class EmbeddedSubmissionPathTests(PortalHost host)
    : SubmissionPathTests<PortalHost>(host), IClassFixture<PortalHost>;

[Trait("Category", "ProductionEngines")]
public sealed class PostgresRabbitMqSubmissionPathTests(ProductionEnginesPortalHost host)
    : SubmissionPathTests<ProductionEnginesPortalHost>(host), IClassFixture<ProductionEnginesPortalHost>;
