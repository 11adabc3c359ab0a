using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Search.Elasticsearch;
using FeedbackPortal.IntegrationTests.Search;

namespace FeedbackPortal.IntegrationTests.Privacy;

/// <summary>
/// The public index's documents hold only the approved text, whatever the engine: the documents the
/// factory builds, the _source Elasticsearch receives (through the recording server), and the embedded
/// engine's own search for a masked number.
/// </summary>
public sealed class PublicDocumentTests : IAsyncLifetime
{
    private const string Phone = "0987654321";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
    private ElasticsearchContractServer _server = null!;
    private readonly string _embeddedDirectory = Path.Combine(Path.GetTempPath(), "fp-public-docs-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() => _server = await ElasticsearchContractServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_embeddedDirectory))
        {
            Directory.Delete(_embeddedDirectory, recursive: true);
        }
    }

    private static Submission ApprovedCase()
    {
        var s = Submission.Create(new SubmissionDraft(SubmissionKind.Feedback, $"Đèn đường hỏng, gọi {Phone}",
            $"Tôi là Nguyễn Văn An, CCCD 001099012345, điện thoại {Phone}, email em.hoang@gmail.com. Đèn đường hỏng.",
            "the-che-chinh-sach", null, new Submitter("Nguyễn Văn An", "an@example.vn", Phone, null, null), "2025-07", true, "vi"),
            TrackingCode.New(SubmissionKind.Feedback, T0), T0);
        s.Route("bo-khcn", 1, "rule", T0.AddDays(20), T0);
        s.Deliver("bo-khcn", T0);
        var proposal = s.ProposePublication();
        s.ApprovePublication(proposal.Title, proposal.Content, proposal.Answer, "officer", T0);
        return s;
    }

    [Fact]
    public void The_public_document_holds_only_the_approved_text()
    {
        var s = ApprovedCase();
        var staff = SearchDocumentFactory.From(s, T0);
        var published = SearchDocumentFactory.PublicFrom(s, T0)!;
        Assert.Contains(Phone, staff.Content, StringComparison.Ordinal);
        var source = ElasticsearchDocument.ToSource(published).ToJsonString(ElasticsearchDocument.Json);
        foreach (var personal in new[] { Phone, "001099012345", "em.hoang@gmail.com", "Nguyễn Văn An" })
        {
            Assert.DoesNotContain(personal, source, StringComparison.Ordinal);
        }

        Assert.Contains("[số điện thoại]", source, StringComparison.Ordinal);
        Assert.True(published.Published);

        s.WithdrawConsent(T0.AddDays(1));
        Assert.Null(SearchDocumentFactory.PublicFrom(s, T0));
        Assert.False(SearchDocumentFactory.From(s, T0).Published);
    }

    [Fact]
    public async Task Elasticsearch_receives_only_the_approved_text_in_its_own_public_index_and_deletes_on_withdrawal()
    {
        var options = new ElasticsearchOptions { Url = _server.Url, IndexPrefix = "fp-privacy", MaxRetries = 0 };
        using var engine = new ElasticsearchSearchIndex(options.ForPublicIndex());
        var index = new PublicSearchIndex(engine);
        await engine.EnsureReadyAsync(default);
        var s = ApprovedCase();
        await index.ApplyAsync(s.TrackingCode, SearchDocumentFactory.PublicFrom(s, T0), default);

        var bulk = _server.Requests.Last(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.StartsWith("/fp-privacy-public", bulk.Path, StringComparison.Ordinal);
        Assert.Contains("[số CCCD]", bulk.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, bulk.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", bulk.Body, StringComparison.Ordinal);

        // Public searches are public-scoped whatever the caller asked.
        await index.SearchAsync(new SearchQuery { Scope = SearchScope.AllAgencies, Text = "đèn", Now = T0 }, default);
        var search = _server.Requests.Last(r => r.Path.EndsWith("/_search", StringComparison.Ordinal));
        Assert.StartsWith("/fp-privacy-public", search.Path, StringComparison.Ordinal);
        Assert.Contains("\"published\"", search.Body, StringComparison.Ordinal);

        s.WithdrawConsent(T0.AddDays(1));
        await index.ApplyAsync(s.TrackingCode, SearchDocumentFactory.PublicFrom(s, T0), default);
        var delete = _server.Requests.Last(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Contains("\"delete\"", delete.Body, StringComparison.Ordinal);
        Assert.Contains(s.TrackingCode, delete.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_public_index_finds_the_case_but_not_its_masked_numbers()
    {
        var index = new PublicSearchIndex(new EmbeddedSearchIndex(_embeddedDirectory));
        await index.Engine.EnsureReadyAsync(default);
        var s = ApprovedCase();
        await index.ApplyAsync(s.TrackingCode, SearchDocumentFactory.PublicFrom(s, T0), default);

        async Task<bool> FindsAsync(string text) =>
            (await index.SearchAsync(new SearchQuery { Scope = SearchScope.Public, Text = text, Now = T0 }, default)).Hits
            .Any(h => h.Document.TrackingCode == s.TrackingCode);

        Assert.True(await FindsAsync("den duong hong"));
        foreach (var masked in new[] { Phone, "001099012345", "em.hoang@gmail.com", "Nguyen Van An" })
        {
            Assert.False(await FindsAsync(masked), masked);
        }

        s.WithdrawConsent(T0.AddDays(1));
        await index.ApplyAsync(s.TrackingCode, SearchDocumentFactory.PublicFrom(s, T0), default);
        Assert.False(await FindsAsync("den duong hong"));
    }
}
