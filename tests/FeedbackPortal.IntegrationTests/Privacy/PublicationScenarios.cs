using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Privacy;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Privacy;

/// <summary>
/// Decree 13/2023 through real HTTP: nothing is public before staff approve the redacted text; every
/// public surface (pages, public search, similar cases, Open311, the status API) holds only that
/// text; the submitter's withdrawal takes the public copy down within a minute.
/// </summary>
public abstract class PublicationScenarios(PortalHost host)
{
    private const string Phone = "0987654321";
    private const string CitizenId = "001099012345";
    private const string OtherEmail = "em.hoang@gmail.com";

    protected PortalHost Host => host;

    protected async Task<(string Code, string Tag, HttpClient Public, HttpClient Coordinator)> DeliveredCaseAsync()
    {
        var tag = "pv" + Guid.NewGuid().ToString("N")[..10];
        var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(
            title: $"Đèn đường ngõ Quỳnh {tag} hỏng, gọi {Phone}",
            content: $"Tôi là Nguyễn Văn An, CCCD {CitizenId}, điện thoại {Phone}, email {OtherEmail}. Đèn ngõ Quỳnh {tag} hỏng ba tuần."));
        await client.WaitForStatusAsync(code, "delivered");
        var coordinator = host.CreateClient();
        await coordinator.LoginAsync(PortalApi.Coordinator);
        return (code, tag, client, coordinator);
    }

    private Task<SearchResults> PublicSearchAsync(string text) =>
        host.Services.GetRequiredService<PublicSearchIndex>().SearchAsync(
            new SearchQuery { Scope = SearchScope.Public, Text = text, Now = DateTimeOffset.UtcNow }, CancellationToken.None);

    private Task<SearchResults> StaffSearchAsync(string text) =>
        host.Services.GetRequiredService<ISearchIndex>().SearchAsync(
            new SearchQuery { Scope = SearchScope.AllAgencies, Text = text, Now = DateTimeOffset.UtcNow }, CancellationToken.None);

    private static void AssertNothingPersonal(string text)
    {
        foreach (var personal in new[] { Phone, CitizenId, OtherEmail, "Nguyễn Văn An", "an.nguyen@example.vn" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_the_staff_approved_redacted_text_reaches_the_public_surfaces()
    {
        var (code, tag, client, coordinator) = await DeliveredCaseAsync();

        // Before approval: nowhere public, though the staff index has it.
        await Eventually.UntilAsync(async () => (await StaffSearchAsync(tag)).Hits.Any(h => h.Document.TrackingCode == code),
            TimeSpan.FromSeconds(60), "the case in the staff index");
        Assert.DoesNotContain(code, await client.GetStringAsync($"/cases?q={tag}"), StringComparison.Ordinal);
        using (var open311 = await client.GetAsync($"/open311/v2/requests/{code}.json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, open311.StatusCode);
        }

        var status = await client.StatusAsync(code);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("title").ValueKind);
        Assert.False(status.GetProperty("published").GetBoolean());
        AssertNothingPersonal(status.GetRawText());
        AssertNothingPersonal(await client.GetStringAsync($"/status/{code}"));

        // The staff page proposes the redacted text; the original stays on the page for staff.
        var page = await coordinator.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("id=\"publication-form\"", page, StringComparison.Ordinal);
        Assert.Contains(Phone, page, StringComparison.Ordinal);
        var approved = await coordinator.ApprovePublicationAsync(code, p => (p.Title, p.Content + " Đã kiểm tra.", p.Answer));
        Assert.Equal($"Đèn đường ngõ Quỳnh {tag} hỏng, gọi [số điện thoại]", approved.Title);
        Assert.Equal($"Tôi là [họ tên], CCCD [số CCCD], điện thoại [số điện thoại], email [email]. Đèn ngõ Quỳnh {tag} hỏng ba tuần. Đã kiểm tra.",
            approved.Content);

        // After approval: the public index, the pages and the APIs carry the approved text only.
        var html = await Eventually.UntilAsync(() => client.GetStringAsync($"/cases?q={tag}"), h => h.Contains(code, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the approved case on /cases");
        Assert.Contains("[số điện thoại]", html, StringComparison.Ordinal);
        AssertNothingPersonal(html);
        Assert.Contains("Đã kiểm tra.", html, StringComparison.Ordinal);
        foreach (var masked in new[] { Phone, CitizenId, "Nguyen Van An", OtherEmail })
        {
            Assert.DoesNotContain((await PublicSearchAsync(masked)).Hits, h => h.Document.TrackingCode == code);
            Assert.DoesNotContain(code, await client.GetStringAsync($"/cases?q={Uri.EscapeDataString(masked)}"), StringComparison.Ordinal);
        }

        Assert.Contains((await StaffSearchAsync(Phone)).Hits, h => h.Document.TrackingCode == code); // staff still find the original
        var publicDoc = Assert.Single((await PublicSearchAsync(tag)).Hits, h => h.Document.TrackingCode == code).Document;
        Assert.Equal(approved.Title, publicDoc.Title);
        Assert.Equal(approved.Content, publicDoc.Content);
        Assert.Null(publicDoc.AssigneeId);

        var similar = await client.GetStringAsync($"/api/v1/similar?q={Uri.EscapeDataString("Đèn đường ngõ Quỳnh " + tag)}");
        Assert.Contains(code, similar, StringComparison.Ordinal);
        AssertNothingPersonal(similar);

        using (var open311 = await client.GetAsync($"/open311/v2/requests/{code}.json"))
        {
            Assert.Equal(HttpStatusCode.OK, open311.StatusCode);
            var body = await open311.Content.ReadAsStringAsync();
            AssertNothingPersonal(body);
            Assert.Equal(approved.Title, JsonDocument.Parse(body).RootElement[0].GetProperty("description").GetString());
        }

        status = await client.StatusAsync(code);
        Assert.Equal(approved.Title, status.GetProperty("title").GetString());
        Assert.True(status.GetProperty("published").GetBoolean());

        // An answer given after approval is public only once its own public version is approved.
        using (var answer = await coordinator.PostFormAsync($"/staff/cases/{code}", $"/staff/cases/{code}/answer",
                   [new("answer", $"Kính gửi ông Nguyễn Văn An, đèn đã được thay; cần thêm xin gọi 0912 345 678.")]))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        status = await client.StatusAsync(code);
        Assert.Equal("answered", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("answered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("answer").ValueKind);
        Assert.Contains("data-publication-answer=\"pending\"", await coordinator.GetStringAsync($"/staff/cases/{code}"), StringComparison.Ordinal);
        var withAnswer = await coordinator.ApprovePublicationAsync(code);
        Assert.Equal("Kính gửi ông [họ tên], đèn đã được thay; cần thêm xin gọi [số điện thoại].", withAnswer.Answer);
        status = await client.StatusAsync(code);
        Assert.Equal(withAnswer.Answer, status.GetProperty("answer").GetString());
        var statusPage = await client.GetStringAsync($"/status/{code}");
        AssertNothingPersonal(statusPage);
        AssertNothingPersonal(status.GetRawText());
        Assert.DoesNotContain("0912 345 678", statusPage, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => client.GetStringAsync($"/cases?q={tag}"), h => h.Contains("đèn đã được thay", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the approved answer on /cases");
    }

    [Fact]
    public async Task The_submitter_withdraws_consent_and_the_public_copy_disappears_within_a_minute()
    {
        var (code, tag, client, coordinator) = await DeliveredCaseAsync();
        await coordinator.ApprovePublicationAsync(code);
        await Eventually.UntilAsync(() => client.GetStringAsync($"/cases?q={tag}"), h => h.Contains(code, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the approved case on /cases");
        var statusPage = await client.GetStringAsync($"/status/{code}");
        Assert.Contains("id=\"consent-form\"", statusPage, StringComparison.Ordinal);

        // Ownership is proved with the submission's e-mail address: a wrong one changes nothing.
        using (var wrong = await client.PostFormAsync($"/status/{code}", $"/status/{code}/withdraw-consent", [new("email", "someone@example.vn")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("không khớp", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True((await client.StatusAsync(code)).GetProperty("published").GetBoolean());

        var clock = Stopwatch.StartNew();
        using (var withdraw = await client.PostFormAsync($"/status/{code}", $"/status/{code}/withdraw-consent", [new("email", " AN.NGUYEN@example.vn ")]))
        {
            Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
            Assert.Contains("consent=withdrawn", withdraw.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        }

        // Pages and APIs read the database: gone at once. The public index follows through the outbox.
        var status = await client.StatusAsync(code);
        Assert.False(status.GetProperty("published").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("title").ValueKind);
        using (var open311 = await client.GetAsync($"/open311/v2/requests/{code}.json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, open311.StatusCode);
        }

        await Eventually.UntilAsync(() => client.GetStringAsync($"/cases?q={tag}"), h => !h.Contains(code, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the withdrawn case to leave /cases");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}");
        Assert.DoesNotContain((await PublicSearchAsync(tag)).Hits, h => h.Document.TrackingCode == code);
        Assert.Contains((await StaffSearchAsync(tag)).Hits, h => h.Document.TrackingCode == code); // staff keep working on it

        // Staff can no longer publish it; the case page says why.
        var page = await coordinator.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("data-publication=\"withdrawn\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"publication-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_erases_personal_fields_of_closed_cases_and_keeps_the_statistics()
    {
        var (code, tag, client, coordinator) = await DeliveredCaseAsync();
        var (open, _, _, _) = await DeliveredCaseAsync();
        await coordinator.ApprovePublicationAsync(code);
        using (var answer = await coordinator.PostFormAsync($"/staff/cases/{code}", $"/staff/cases/{code}/answer",
                   [new("answer", "Kính gửi ông Nguyễn Văn An, đèn đã được thay.")]))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var approved = await coordinator.ApprovePublicationAsync(code);
        using (var close = await coordinator.PostFormAsync($"/staff/cases/{code}", $"/staff/cases/{code}/close", []))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        Assert.Equal("closed", (await client.StatusAsync(code)).GetProperty("status").GetString());
        var job = host.Services.GetRequiredService<PersonalDataRetention>();
        Task<Submission> LoadAsync(string c) => host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
            .Include(s => s.Timeline).SingleAsync(s => s.TrackingCode == c));

        // Not yet: the default retention is five years after the last change.
        await job.RunOnceAsync(DateTimeOffset.UtcNow.AddYears(4), default);
        Assert.Equal("Nguyễn Văn An", (await LoadAsync(code)).Submitter.Name);

        Assert.True(await job.RunOnceAsync(DateTimeOffset.UtcNow.AddYears(5).AddDays(1), default) >= 1);
        var erased = await LoadAsync(code);
        Assert.NotNull(erased.PersonalDataErasedAt);
        Assert.Equal("", erased.Submitter.Name);
        Assert.Equal("", erased.Submitter.Email);
        Assert.Null(erased.Submitter.Phone);
        Assert.Equal("", erased.Title);
        Assert.Equal("", erased.Content);
        Assert.Null(erased.Answer);
        Assert.DoesNotContain(erased.Timeline, e => (e.PublicNote + e.InternalNote).Contains("Nguyễn Văn An", StringComparison.Ordinal));
        // The anonymous statistics and the approved public text stay.
        Assert.Equal(SubmissionStatus.Closed, erased.Status);
        Assert.Equal("bo-khcn", erased.AgencyCode);
        Assert.Equal("the-che-chinh-sach", erased.FieldCode);
        Assert.Equal(SubmissionKind.Feedback, erased.Kind);
        Assert.NotNull(erased.AnsweredAt);
        Assert.NotNull(erased.Deadline);
        Assert.Equal(approved.Title, erased.PublicTitle);
        Assert.Equal(approved.Answer, erased.PublicAnswer);

        // An open case is never erased; the index follows the erasure through the outbox.
        Assert.Equal("Nguyễn Văn An", (await LoadAsync(open)).Submitter.Name);
        await Eventually.UntilAsync(async () => (await StaffSearchAsync(tag)).Hits.All(h => h.Document.TrackingCode != code),
            TimeSpan.FromSeconds(60), "the erased original text to leave the staff index");
        Assert.Contains(code, await client.GetStringAsync($"/cases?q={tag}"), StringComparison.Ordinal);
        Assert.Contains("data-publication=\"erased\"", await coordinator.GetStringAsync($"/staff/cases/{code}"), StringComparison.Ordinal);
    }
}

public sealed class PrivacyHost() : PortalHost(new PortalHostOptions());

public sealed class PostgresPrivacyHost() : PortalHost(new PortalHostOptions { Postgres = true });

public sealed class PublicationTests(PrivacyHost host) : PublicationScenarios(host), IClassFixture<PrivacyHost>;

public sealed class PostgresPublicationTests(PostgresPrivacyHost host) : PublicationScenarios(host), IClassFixture<PostgresPrivacyHost>;
