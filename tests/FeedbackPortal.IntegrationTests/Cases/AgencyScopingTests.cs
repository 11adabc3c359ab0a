using System.Net;
using FeedbackPortal.Testing;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Cases;

/// <summary>Staff of one agency can never read or act on another agency's case: it is simply not found.</summary>
public sealed class AgencyScopingTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _public = host.CreateClient();

    [Fact]
    public async Task An_officer_of_another_agency_gets_404_for_the_case_page_and_every_action()
    {
        var code = await _public.DeliveredCaseAsync(); // bo-khcn
        var stranger = await host.StaffAsync(PortalApi.Officer("bo-tai-chinh"));

        using (var page = await stranger.GetAsync($"/staff/cases/{code}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }

        using (var contact = await stranger.GetAsync($"/staff/cases/{code}?contact=true"))
        {
            Assert.Equal(HttpStatusCode.NotFound, contact.StatusCode);
        }

        var token = await stranger.AntiforgeryTokenAsync("/staff/inbox");
        foreach (var (action, field, value) in new[] { ("assign", "officer", "me"), ("start", "x", ""), ("answer", "answer", "Trả lời"),
                     ("notes", "note", "Ghi chú"), ("close", "x", ""), ("reject", "reason", "Lý do"), ("merge", "into", code),
                     ("request-info", "question", "Câu hỏi"), ("task", "task", "Việc") })
        {
            using var response = await stranger.PostAsync($"/staff/cases/{code}/{action}", new FormUrlEncodedContent(
                [new(field, value), new("__RequestVerificationToken", token)]));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{action}: {(int)response.StatusCode}");
        }

        var inbox = await stranger.GetStringAsync("/staff/inbox?view=all");
        Assert.DoesNotContain(code, inbox);
        Assert.Equal("delivered", await _public.StatusOfAsync(code));

        var owner = await host.StaffAsync(PortalApi.Officer(Ministry));
        Assert.Contains(code, await owner.GetStringAsync($"/staff/cases/{code}"));
        var coordinator = await host.StaffAsync(PortalApi.Coordinator);
        Assert.Contains(code, await coordinator.GetStringAsync($"/staff/cases/{code}"));
    }

    [Fact]
    public async Task Another_agencys_api_key_gets_404_for_every_action()
    {
        var code = await _public.DeliveredCaseAsync();
        foreach (var (path, body) in new (string, object?)[]
                 {
                     ("assign", new { officer = PortalApi.Officer("bo-tai-chinh") }), ("answer", new { text = "Trả lời", @public = true }),
                     ("request-info", new { question = "?" }), ("notes", new { text = "n" }), ("close", null),
                     ("reject", new { reason = "r" }), ("merge", new { into = code }),
                 })
        {
            using var response = await _public.AgencyPostAsync("bo-tai-chinh", $"/api/v1/agency/cases/{code}/{path}", body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        using var noKey = await _public.PostAsync($"/api/v1/agency/cases/{code}/close", null);
        Assert.True(noKey.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.NotFound,
            $"{(int)noKey.StatusCode}");
        Assert.NotEqual(HttpStatusCode.OK, noKey.StatusCode);
        Assert.Equal("delivered", await _public.StatusOfAsync(code));
    }
}
