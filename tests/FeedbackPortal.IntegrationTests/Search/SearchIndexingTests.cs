using System.Net;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Testing;
using FeedbackPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>The index follows the database through the outbox and the indexer; the public page and reindex read it.</summary>
public sealed class SearchIndexingTests(SearchPortalHost host) : IClassFixture<SearchPortalHost>
{
    private Task<SearchResults> SearchAsync(SearchQuery query) =>
        host.Services.GetRequiredService<ISearchIndex>().SearchAsync(query, CancellationToken.None);

    private static SearchQuery Staff(string text) => new() { Scope = SearchScope.AllAgencies, Text = text, Now = DateTimeOffset.UtcNow };

    [Fact]
    public async Task Submissions_are_indexed_and_changes_and_erasure_are_reflected()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(title: "Đèn chiếu sáng ngõ Hoà Bình hỏng", content: "Ngõ tối suốt một tháng nay, rất nguy hiểm cho người đi bộ."));
        await Eventually.UntilAsync(async () => (await SearchAsync(Staff("den chieu sang hoa binh"))).Hits.Any(h => h.Document.TrackingCode == code),
            Patience.Background, "the submission to be searchable");
        await client.WaitForStatusAsync(code, "delivered"); // routing and delivery done: nothing else writes the case now

        // A change committed with its SubmissionChanged message is reflected once the indexer consumes it.
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var submission = await db.Submissions.SingleAsync(s => s.TrackingCode == code);
            var now = DateTimeOffset.UtcNow;
            submission.Withdraw(now);
            db.OutboxMessages.Add(RoutedMessageFactory.Changed(submission, "withdrawn", now));
            await db.SaveChangesAsync();
        });
        await Eventually.UntilAsync(async () => (await SearchAsync(Staff("den chieu sang hoa binh"))).Hits.SingleOrDefault(h => h.Document.TrackingCode == code)?.Document.Status == "withdrawn",
            Patience.Background, "the withdrawal to be indexed");
        Assert.DoesNotContain((await host.Services.GetRequiredService<PublicSearchIndex>().SearchAsync(Staff("den chieu sang hoa binh"), default)).Hits,
            h => h.Document.TrackingCode == code);

        // Erasure: the case is gone from the database, so the indexer removes the document.
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var submission = await db.Submissions.SingleAsync(s => s.TrackingCode == code);
            db.OutboxMessages.Add(RoutedMessageFactory.Changed(submission, "erased", DateTimeOffset.UtcNow));
            db.Submissions.Remove(submission);
            await db.SaveChangesAsync();
        });
        await Eventually.UntilAsync(async () => !(await SearchAsync(Staff("den chieu sang hoa binh"))).Hits.Any(h => h.Document.TrackingCode == code),
            Patience.Background, "the erased case to leave the index");
    }

    [Fact]
    public async Task The_public_case_page_lists_published_cases_with_facets_and_links()
    {
        using var client = host.CreateClient();
        var published = await client.SubmitAsync(PortalApi.Feedback(title: "Cầu Thê Húc xuống cấp nghiêm trọng", content: "Lan can cầu bị gãy nhiều đoạn, du khách đi lại rất nguy hiểm."));
        var hidden = await client.SubmitAsync(PortalApi.Feedback(title: "Cầu Thê Húc cần sơn lại", content: "Nội dung riêng tư, người gửi không đồng ý công khai.", allowPublish: false));
        await client.WaitForStatusAsync(published, "delivered");
        await client.WaitForStatusAsync(hidden, "delivered");
        using var coordinator = host.CreateClient();
        await coordinator.LoginAsync(PortalApi.Coordinator);
        await coordinator.ApprovePublicationAsync(published);
        var html = await Eventually.UntilAsync(() => client.GetStringAsync("/cases?q=cau+the+huc"), h => h.Contains(published, StringComparison.Ordinal),
            Patience.Background, "the published case on /cases");

        Assert.Contains($"href=\"/status/{published}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden, html, StringComparison.Ordinal);
        Assert.Contains("<mark>", html, StringComparison.Ordinal);
        Assert.Contains("fp-facets__count", html, StringComparison.Ordinal);
        Assert.Contains("1 kết quả", html, StringComparison.Ordinal);

        var filtered = await client.GetStringAsync("/cases?q=cau+the+huc&status=answered");
        Assert.DoesNotContain(published, filtered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/cases?page=999&agency=%3Cscript%3E")).StatusCode);
    }

    [Fact]
    public async Task Reindex_rebuilds_from_the_database_and_swaps_the_new_index_in()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback(title: "Xây dựng lại chợ Đồng Xuân", content: "Chợ cũ xuống cấp, mái tôn dột khi trời mưa lớn."));
        await client.WaitForStatusAsync(code, "delivered");

        using var output = new StringWriter();
        Assert.Equal(0, await ReindexCommand.RunAsync(host.Services, output, CancellationToken.None, batchSize: 2));
        var text = output.ToString();
        Assert.Matches(@"\[#+\] +100 %", text);
        Assert.Matches(@"reindex: \d+ submission\(s\) indexed", text);

        var results = await SearchAsync(Staff("cho dong xuan"));
        Assert.Equal(code, results.Hits.Single().Document.TrackingCode);
        await using var scope = host.Services.CreateAsyncScope();
        var count = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Submissions.CountAsync();
        Assert.Contains($"reindex: {count} submission(s)", text, StringComparison.Ordinal);
    }
}

/// <summary>The default portal (embedded engines); a fixture type needs a single constructor.</summary>
public sealed class SearchPortalHost() : PortalHost(new PortalHostOptions());
