using System.Net;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Inbox;

public sealed class InboxTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _public = host.CreateClient();

    private static bool Lists(string html, string code) => html.Contains($"data-tracking-code=\"{code}\"", StringComparison.Ordinal);

    [Fact]
    public async Task The_views_follow_the_case_from_new_to_mine_needs_info_and_answered()
    {
        var code = await _public.DeliveredCaseAsync("Hộp thư: theo dõi các danh sách");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        Assert.True(Lists(await officer.GetStringAsync("/staff/inbox?view=new"), code));
        Assert.False(Lists(await officer.GetStringAsync("/staff/inbox?view=mine"), code));

        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "assign", ("officer", "me")), code);
        Assert.False(Lists(await officer.GetStringAsync("/staff/inbox?view=new"), code));
        Assert.True(Lists(await officer.GetStringAsync("/staff/inbox?view=mine"), code));
        Assert.False(Lists(await officer.GetStringAsync("/staff/inbox?view=overdue"), code));
        Assert.False(Lists(await officer.GetStringAsync("/staff/inbox?view=due-soon"), code));

        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "request-info", ("question", "Cần thêm thông tin gì?")), code);
        Assert.True(Lists(await officer.GetStringAsync("/staff/inbox?view=needs-info"), code));
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "answer", ("answer", "Đã trả lời trong hộp thư.")), code);
        Assert.True(Lists(await officer.GetStringAsync("/staff/inbox?view=answered"), code));
        Assert.False(Lists(await officer.GetStringAsync("/staff/inbox?view=mine"), code));
        Assert.True(Lists(await officer.GetStringAsync("/staff/inbox?view=all"), code));
    }

    [Fact]
    public async Task Search_and_facets_come_from_the_index_within_the_officers_agencies()
    {
        var code = await _public.DeliveredCaseAsync("Đường truyền internet ở trường học chậm");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        var html = await Eventually.UntilAsync(() => officer.GetStringAsync("/staff/inbox?q=duong+truyen+truong+hoc"),
            h => Lists(h, code), Patience.Background, "the case in the search results");
        Assert.Contains("class=\"fp-facets\"", html);
        Assert.Contains("name=\"status\"", html);
        Assert.Contains("fp-facets__count", html);

        var filtered = await Eventually.UntilAsync(() => officer.GetStringAsync("/staff/inbox?q=truong+hoc&status=delivered&field=the-che-chinh-sach"),
            h => Lists(h, code), Patience.Background, "the filtered case");
        Assert.True(Lists(filtered, code));
        Assert.False(Lists(await officer.GetStringAsync("/staff/inbox?q=truong+hoc&status=answered"), code));

        var stranger = await host.StaffAsync(PortalApi.Officer("bo-tai-chinh"));
        Assert.False(Lists(await stranger.GetStringAsync("/staff/inbox?q=duong+truyen+truong+hoc"), code));
    }

    [Fact]
    public async Task Bulk_assign_and_start_act_on_every_selected_case_through_the_same_rules()
    {
        var first = await _public.DeliveredCaseAsync("Hàng loạt 1");
        var second = await _public.DeliveredCaseAsync("Hàng loạt 2");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        using (var assign = await officer.PostFormAsync("/staff/inbox", "/staff/inbox/bulk",
                   [new("codes", first), new("codes", second), new("bulkAction", "assign"), new("officer", "me"), new("view", "new")]))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
            Assert.Contains("bulkDone=2", assign.RequestMessage!.RequestUri!.Query);
        }

        using (var start = await officer.PostFormAsync("/staff/inbox", "/staff/inbox/bulk",
                   [new("codes", first), new("codes", second), new("codes", "PA-26-0000-0000"), new("bulkAction", "start")]))
        {
            Assert.Contains("bulkDone=2&bulkFailed=1", start.RequestMessage!.RequestUri!.Query);
        }

        Assert.Equal("in_progress", await _public.StatusOfAsync(first));
        Assert.Equal("in_progress", await _public.StatusOfAsync(second));

        using (var transfer = await officer.PostFormAsync("/staff/inbox", "/staff/inbox/bulk",
                   [new("codes", second), new("bulkAction", "transfer"), new("agency", "bo-tai-chinh"), new("reason", "Thuộc thẩm quyền Bộ Tài chính")]))
        {
            Assert.Contains("bulkDone=1", transfer.RequestMessage!.RequestUri!.Query);
        }

        var status = await _public.WaitForStatusAsync(second, "delivered");
        Assert.Equal("bo-tai-chinh", status.GetProperty("agency").GetProperty("code").GetString());
        using var gone = await officer.GetAsync($"/staff/cases/{second}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
