using System.Net;
using System.Text.Json;
using FeedbackPortal.Testing;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Cases;

/// <summary>An agency's own system acts through the API with the same rules and timeline as the staff UI.</summary>
public sealed class AgencyApiActionsTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _client = host.CreateClient();

    private string Url(string code, string action) => $"/api/v1/agency/cases/{code}/{action}";

    [Fact]
    public async Task The_agency_system_assigns_notes_asks_and_answers_a_case()
    {
        var code = await _client.DeliveredCaseAsync();
        using (var wrongOfficer = await _client.AgencyPostAsync(Ministry, Url(code, "assign"), new { officer = PortalApi.Officer("bo-tai-chinh") }))
        {
            Assert.Equal(HttpStatusCode.Conflict, wrongOfficer.StatusCode);
            Assert.Contains("assign.officer_not_in_agency", await wrongOfficer.Content.ReadAsStringAsync());
        }

        using (var assign = await _client.AgencyPostAsync(Ministry, Url(code, "assign"), new { officer = PortalApi.Officer(Ministry) }))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
            var json = JsonDocument.Parse(await assign.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("delivered", json.GetProperty("status").GetString());
        }

        using (var note = await _client.AgencyPostAsync(Ministry, Url(code, "notes"), new { text = "Ghi chú từ hệ thống của Bộ" }))
        {
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        }

        using (var emptyNote = await _client.AgencyPostAsync(Ministry, Url(code, "notes"), new { text = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, emptyNote.StatusCode);
        }

        using (var ask = await _client.AgencyPostAsync(Ministry, Url(code, "request-info"), new { question = "Xin cung cấp ảnh chụp màn hình lỗi." }))
        {
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        }

        Assert.Equal("needs_info", await _client.StatusOfAsync(code));
        await PickupMail.WaitForAsync(host, m => m.Body.Contains($"/status/{code}/respond?token=", StringComparison.Ordinal));

        using (var privateAnswer = await _client.AgencyPostAsync(Ministry, Url(code, "answer"), new { text = "x", @public = false }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, privateAnswer.StatusCode);
        }

        using (var answer = await _client.AgencyPostAsync(Ministry, Url(code, "answer"), new { text = "Đã khắc phục lỗi đăng nhập.", @public = true }))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var status = await _client.StatusAsync(code);
        Assert.Equal("answered", status.GetProperty("status").GetString());
        // Answered, but the answer is public only once staff approve its public version.
        Assert.True(status.GetProperty("answered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("answer").ValueKind);
        Assert.DoesNotContain("feedback.local", status.GetRawText());
        Assert.DoesNotContain("agency:", status.GetRawText());
        Assert.DoesNotContain("Ghi chú từ hệ thống", status.GetRawText());

        using (var close = await _client.AgencyPostAsync(Ministry, Url(code, "close")))
        {
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        }

        using var closeAgain = await _client.AgencyPostAsync(Ministry, Url(code, "close"));
        Assert.Equal(HttpStatusCode.Conflict, closeAgain.StatusCode);

        var staff = await host.StaffAsync(PortalApi.Officer(Ministry));
        var page = await staff.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("Ghi chú từ hệ thống của Bộ", page);
        Assert.Contains("agency:bo-khcn", page);
    }

    [Fact]
    public async Task The_agency_system_rejects_with_a_reason_and_merges_duplicates()
    {
        var code = await _client.DeliveredCaseAsync();
        using (var noReason = await _client.AgencyPostAsync(Ministry, Url(code, "reject"), new { reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        using (var reject = await _client.AgencyPostAsync(Ministry, Url(code, "reject"), new { reason = "Không thuộc thẩm quyền." }))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }

        Assert.Equal("rejected", await _client.StatusOfAsync(code));
        using (var mergeRejected = await _client.AgencyPostAsync(Ministry, Url(code, "merge"), new { into = code }))
        {
            Assert.Equal(HttpStatusCode.Conflict, mergeRejected.StatusCode);
        }

        var original = await _client.DeliveredCaseAsync("Bản gốc về cổng dịch vụ công");
        var duplicate = await _client.DeliveredCaseAsync("Bản trùng về cổng dịch vụ công");
        using (var merge = await _client.AgencyPostAsync(Ministry, Url(duplicate, "merge"), new { into = original }))
        {
            Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        }

        var status = await _client.StatusAsync(duplicate);
        Assert.Equal("merged", status.GetProperty("status").GetString());
        Assert.Equal(original, status.GetProperty("mergedInto").GetString());
    }
}
