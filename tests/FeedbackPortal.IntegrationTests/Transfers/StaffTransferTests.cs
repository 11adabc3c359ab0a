using System.Net;
using FeedbackPortal.IntegrationTests.Routing;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Transfers;

public sealed class StaffTransferTests(InMemoryRoutingHost host) : IClassFixture<InMemoryRoutingHost>
{
    private readonly HttpClient _client = host.CreateClient();

    private async Task<string> DeliveredToBoKhcnAsync()
    {
        var code = await _client.SubmitAsync(PortalApi.Feedback(field: "the-che-chinh-sach"));
        await _client.WaitForStatusAsync(code, "delivered");
        return code;
    }

    [Fact]
    public async Task An_officer_transfers_their_agencys_case_and_the_public_timeline_says_why()
    {
        var code = await DeliveredToBoKhcnAsync();
        using var officer = host.CreateClient();
        await officer.LoginAsync(PortalApi.Officer("bo-khcn"));
        var form = await officer.GetStringAsync($"/staff/cases/{code}/transfer");
        Assert.Contains("name=\"reason\"", form);

        const string reason = "Thuộc lĩnh vực y tế số, do Bộ Y tế xử lý";
        using var response = await officer.PostFormAsync($"/staff/cases/{code}/transfer", $"/staff/cases/{code}/transfer",
            [new("agency", "bo-y-te"), new("reason", reason)]);
        Assert.EndsWith($"/staff/cases/{code}", response.RequestMessage!.RequestUri!.AbsolutePath);

        await Eventually.UntilAsync(async () => await _client.AgencyOfAsync(code) == "bo-y-te"
            && (await _client.StatusAsync(code)).GetProperty("status").GetString() == "delivered", Patience.Background,
            "the case delivered to bo-y-te");
        var notes = (await _client.StatusAsync(code)).GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("note").GetString() ?? "").ToList();
        Assert.Contains(notes, n => n.Contains("Bộ Y tế", StringComparison.Ordinal) && n.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transfer_without_a_reason_is_refused()
    {
        var code = await DeliveredToBoKhcnAsync();
        using var officer = host.CreateClient();
        await officer.LoginAsync(PortalApi.Officer("bo-khcn"));
        using var response = await officer.PostFormAsync($"/staff/cases/{code}/transfer", $"/staff/cases/{code}/transfer",
            [new("agency", "bo-y-te"), new("reason", "  ")]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nhập lý do chuyển hồ sơ", await response.Content.ReadAsStringAsync());
        Assert.Equal("bo-khcn", await _client.AgencyOfAsync(code));
    }

    [Fact]
    public async Task An_officer_cannot_transfer_another_agencys_case()
    {
        var code = await DeliveredToBoKhcnAsync();
        using var officer = host.CreateClient();
        await officer.LoginAsync(PortalApi.Officer("bo-cong-an"));
        using var form = await officer.GetAsync($"/staff/cases/{code}/transfer");
        Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        var token = await officer.AntiforgeryTokenAsync("/account/login");
        using var post = await officer.PostAsync($"/staff/cases/{code}/transfer", new FormUrlEncodedContent(
            [new("agency", "bo-y-te"), new("reason", "Không thuộc thẩm quyền"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("bo-khcn", await _client.AgencyOfAsync(code));
    }
}
