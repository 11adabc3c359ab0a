using System.Net;
using System.Text.Json;
using CsvHelper;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Reports;

/// <summary>A portal of its own, so the files hold exactly the cases <see cref="OpenDataTests"/> builds.</summary>
public sealed class OpenDataHost() : PortalHost(new PortalHostOptions());

public sealed class OpenDataTests(OpenDataHost host) : IClassFixture<OpenDataHost>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly Dictionary<string, string> Codes = [];

    public async Task InitializeAsync()
    {
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            if (db.Submissions.Any())
            {
                return;
            }

            Submission Case(string name, bool allowPublish)
            {
                var s = Submission.Create(new SubmissionDraft(SubmissionKind.Feedback, $"Tiêu đề gốc {name} của Trần Thị Riêng", $"Nội dung gốc {name}, gọi 0912345678",
                    "the-che-chinh-sach", "ha-noi", new Submitter("Trần Thị Riêng", $"rieng.{name}@example.vn", "0912345678", null, null), "2025-07", allowPublish, "vi"),
                    TrackingCode.New(SubmissionKind.Feedback, At), At);
                s.Route("bo-khcn", null, "test", At.AddDays(20), At);
                s.Deliver("bo-khcn", At);
                db.Submissions.Add(s);
                Codes[name] = s.TrackingCode;
                return s;
            }

            var published = Case("published", true);
            published.AnswerWith("Câu trả lời gốc có số 0912345678", "officer", At.AddDays(3));
            published.ApprovePublication("Cổng dịch vụ công chậm", "Hệ thống thường gián đoạn vào giờ cao điểm.", "=Bộ đã nâng cấp máy chủ.", "officer", At.AddDays(4));
            Case("unapproved", true);                                   // allowed, but staff have not approved a public text
            Case("private", false);                                     // the submitter did not allow publication
            var withdrawn = Case("withdrawn", true);                    // approved, then consent withdrawn
            withdrawn.ApprovePublication("Đã rút", "Đã rút đồng ý", null, "officer", At.AddDays(1));
            withdrawn.WithdrawConsent(At.AddDays(2));
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void NothingPrivate(string text)
    {
        foreach (var name in new[] { "unapproved", "private", "withdrawn" })
        {
            Assert.DoesNotContain(Codes[name], text);
        }

        Assert.DoesNotContain("Trần Thị Riêng", text);
        Assert.DoesNotContain("0912345678", text);
        Assert.DoesNotContain("@example.vn", text);
        Assert.DoesNotContain("Tiêu đề gốc", text);
        Assert.DoesNotContain("Nội dung gốc", text);
    }

    [Fact]
    public async Task The_CSV_holds_only_the_approved_public_version_of_published_cases_under_a_stated_licence()
    {
        using var response = await host.CreateClient().GetAsync("/du-lieu-mo/ho-so.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("rel=\"license\"", response.Headers.GetValues("Link").Single());
        Assert.Contains("creativecommons.org/licenses/by/4.0", response.Headers.GetValues("Link").Single());
        Assert.Equal("CC-BY-4.0", response.Headers.GetValues("X-Licence").Single());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        NothingPrivate(System.Text.Encoding.UTF8.GetString(bytes));

        using var csv = CsvReader.Create(bytes, null);
        csv.ReadHeader();
        Assert.Equal(["tracking_code", "kind", "field", "agency", "locality", "status", "submitted_at", "published_at", "answered_at", "title", "content", "answer", "url"], csv.Headers.ToArray());
        Assert.True(csv.Read());
        Assert.Equal(Codes["published"], csv.GetString(0));
        Assert.Equal(("feedback", "bo-khcn", "answered"), (csv.GetString(1), csv.GetString(3), csv.GetString(5)));
        Assert.Equal(("Cổng dịch vụ công chậm", "Hệ thống thường gián đoạn vào giờ cao điểm."), (csv.GetString(9), csv.GetString(10)));
        Assert.Equal("'=Bộ đã nâng cấp máy chủ.", csv.GetString(11)); // a spreadsheet would run it as a formula: escaped
        Assert.Equal("2026-10-01T02:00:00Z", csv.GetString(6));
        Assert.False(csv.Read());
    }

    [Fact]
    public async Task The_JSON_holds_the_same_single_published_case_and_names_its_licence_and_the_page_states_it_in_both_languages()
    {
        var client = host.CreateClient();
        var text = await client.GetStringAsync("/open-data/cases.json");
        NothingPrivate(text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("CC-BY-4.0", json.RootElement.GetProperty("licence").GetString());
        var only = Assert.Single(json.RootElement.GetProperty("cases").EnumerateArray());
        Assert.Equal(Codes["published"], only.GetProperty("tracking_code").GetString());
        Assert.Equal("=Bộ đã nâng cấp máy chủ.", only.GetProperty("answer").GetString());
        Assert.EndsWith($"/status/{Codes["published"]}", only.GetProperty("url").GetString());

        var page = await client.GetStringAsync("/du-lieu-mo");
        Assert.Contains("data-licence=\"CC-BY-4.0\"", page);
        Assert.Contains("rel=\"license\"", page);
        Assert.Contains("Dữ liệu được cấp phép theo", page);
        Assert.Contains("The data is licensed under", await client.GetStringAsync("/open-data?culture=en&ui-culture=en"));
    }
}
