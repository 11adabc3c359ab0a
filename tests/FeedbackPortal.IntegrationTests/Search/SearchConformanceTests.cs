using System.Text;
using FeedbackPortal.Infrastructure.Search;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>
/// What every search engine must do (issue 5). Each engine has a subclass below; the Elasticsearch
/// one is part of the run only when ELASTICSEARCH_URL points at a live cluster.
/// </summary>
[Trait("Category", "SearchConformance")]
public abstract class SearchConformanceTests(SearchConformanceFixture fixture)
{
    private static readonly string[] CorpusAgencies = SearchCorpus.Documents.Select(d => d.Agency!).Distinct().ToArray();

    private ISearchIndex Index => fixture.Index;

    private Task<SearchResults> SearchAsync(SearchQuery query) => Index.SearchAsync(query, CancellationToken.None);

    private static SearchQuery Staff(string? text = null, SearchSort sort = SearchSort.Relevance) => new()
    {
        Scope = SearchScope.Staff(CorpusAgencies),
        Text = text,
        Sort = sort,
        PageSize = 50,
        Now = SearchCorpus.Now,
    };

    private static List<string> Codes(SearchResults results) => results.Hits.Select(h => h.Document.TrackingCode).ToList();

    private async Task<List<string>> CodesAsync(SearchQuery query) => Codes(await SearchAsync(query));

    [ConformanceFact]
    public async Task A_query_without_diacritics_finds_accented_text() =>
        Assert.Equal(["C01", "C03"], (await CodesAsync(Staff("chuyen doi so"))).Order());

    [ConformanceFact]
    public async Task D_with_stroke_folds_to_d_in_both_cases()
    {
        Assert.Contains("C02", await CodesAsync(Staff("duong")));
        Assert.Contains("C02", await CodesAsync(Staff("DONG ANH")));
        Assert.Contains("C02", await CodesAsync(Staff("đông anh")));
    }

    [ConformanceFact]
    public async Task Nfc_and_nfd_input_match_alike()
    {
        var nfd = "chuyển đổi số".Normalize(NormalizationForm.FormD);
        Assert.Equal(["C01", "C03"], (await CodesAsync(Staff(nfd))).Order());
        // C10 was indexed in NFD: found by NFC, NFD and unaccented queries.
        Assert.Equal(["C10"], await CodesAsync(Staff("Cải cách")));
        Assert.Equal(["C10"], await CodesAsync(Staff("Cải cách".Normalize(NormalizationForm.FormD))));
        Assert.Equal(["C10"], await CodesAsync(Staff("cai cach")));
    }

    [ConformanceFact]
    public async Task Matching_is_case_insensitive() =>
        Assert.Equal(["C01", "C03"], (await CodesAsync(Staff("CHUYỂN ĐỔI SỐ"))).Order());

    [ConformanceFact]
    public async Task An_exact_accented_query_ranks_the_exact_form_first()
    {
        // "cá" (fish; C04 "cá nhân", C05) and "ca" (C06 "ca trù") fold alike; the exact word comes first.
        var fish = await CodesAsync(Staff("cá"));
        Assert.Equal(["C04", "C05"], fish.Take(2).Order());
        Assert.Equal("C06", fish[2]);
        Assert.Equal("C06", (await CodesAsync(Staff("ca trù")))[0]);
    }

    [ConformanceFact]
    public async Task Title_matches_outrank_content_matches() =>
        Assert.Equal(["C07", "C08"], await CodesAsync(Staff("hang rong")));

    [ConformanceFact]
    public async Task Quoted_words_are_a_phrase()
    {
        Assert.Equal(["C01", "C09"], (await CodesAsync(Staff("dich vu cong"))).Order());
        Assert.Equal(["C01"], await CodesAsync(Staff("\"dich vu cong\"")));
        Assert.Equal(["C01"], await CodesAsync(Staff("\"dịch vụ công\" trực tuyến")));
    }

    [ConformanceFact]
    public async Task Filters_by_one_or_several_agencies()
    {
        Assert.Equal(["C01", "C03"], (await CodesAsync(Staff() with { Agencies = ["bo-khcn"] })).Order());
        Assert.Equal(["C01", "C03", "C04"], (await CodesAsync(Staff() with { Agencies = ["bo-khcn", "bo-tai-chinh"] })).Order());
    }

    [ConformanceFact]
    public async Task Filters_by_status_kind_field_and_locality()
    {
        Assert.Equal(["C02", "C05"], (await CodesAsync(Staff() with { Statuses = ["answered"] })).Order());
        Assert.Equal(["C03"], await CodesAsync(Staff() with { Kinds = ["initiative"] }));
        Assert.Equal(["C07", "C08"], (await CodesAsync(Staff() with { Fields = ["do-thi"] })).Order());
        Assert.Equal(["C02"], await CodesAsync(Staff() with { Localities = ["ha-noi"] }));
        Assert.Equal(["C01"], await CodesAsync(Staff("chuyen doi so") with { Statuses = ["in_progress"], Kinds = ["feedback"] }));
    }

    [ConformanceFact]
    public async Task Overdue_is_open_and_past_the_deadline_at_query_time()
    {
        // C02 and C05 are past their deadline but answered, C06 closed: not overdue.
        Assert.Equal(["C01"], await CodesAsync(Staff() with { Overdue = true }));
        Assert.DoesNotContain("C01", await CodesAsync(Staff() with { Overdue = false }));
        Assert.Equal(9, (await SearchAsync(Staff() with { Overdue = false })).Total);
        // A week later, C04 (routed, due in 3 days), C08 (delivered, 5) and C10 (routed, 2) are overdue too.
        Assert.Equal(["C01", "C04", "C08", "C10"], (await CodesAsync(Staff() with { Overdue = true, Now = SearchCorpus.Now.AddDays(7) })).Order());
        Assert.Equal(["C04", "C10"], (await CodesAsync(Staff() with { DueBefore = SearchCorpus.Now.AddDays(4), Overdue = false })).Order());
    }

    [ConformanceFact]
    public async Task Filters_by_submission_date_range() =>
        Assert.Equal(["C03", "C07", "C08"], (await CodesAsync(Staff() with
        {
            SubmittedFrom = SearchCorpus.Now.AddDays(-6),
            SubmittedTo = SearchCorpus.Now.AddDays(-2.5),
        })).Order());

    [ConformanceFact]
    public async Task Facets_count_statuses_fields_and_agencies_of_the_matches()
    {
        var results = await SearchAsync(Staff() with { Agencies = ["bo-khcn", "ubnd-ho-chi-minh"], IncludeFacets = true });
        Assert.Equal(4, results.Total);
        Assert.Equal(new Dictionary<string, long> { ["in_progress"] = 2, ["under_evaluation"] = 1, ["delivered"] = 1 },
            results.Facets[SearchResults.StatusFacet]);
        Assert.Equal(new Dictionary<string, long> { ["bo-khcn"] = 2, ["ubnd-ho-chi-minh"] = 2 }, results.Facets[SearchResults.AgencyFacet]);
        Assert.Equal(new Dictionary<string, long> { ["the-che-chinh-sach"] = 1, ["doi-moi-sang-tao"] = 1, ["do-thi"] = 2 },
            results.Facets[SearchResults.FieldFacet]);

        var text = await SearchAsync(Staff("chuyen doi so") with { IncludeFacets = true });
        Assert.Equal(new Dictionary<string, long> { ["in_progress"] = 1, ["under_evaluation"] = 1 }, text.Facets[SearchResults.StatusFacet]);
    }

    [ConformanceFact]
    public async Task Sorts_by_newest_deadline_or_relevance()
    {
        var agencies = new[] { "bo-khcn", "bo-tai-chinh", "ubnd-ha-noi" };
        Assert.Equal(["C04", "C03", "C01", "C02"], await CodesAsync(Staff(sort: SearchSort.Newest) with { Agencies = agencies }));
        Assert.Equal(["C02", "C01", "C04", "C03"], await CodesAsync(Staff(sort: SearchSort.Deadline) with { Agencies = agencies }));
        Assert.Equal(["C03", "C01"], await CodesAsync(Staff("chuyen doi so", SearchSort.Newest)));
        // Relevance: the title match first, whatever the dates.
        Assert.Equal(["C01", "C03"], await CodesAsync(Staff("chuyen doi so", SearchSort.Relevance)));
    }

    [ConformanceFact]
    public async Task Totals_beyond_the_threshold_are_a_lower_bound_and_pages_stay_exact()
    {
        var exact = await SearchAsync(Staff(sort: SearchSort.Newest));
        Assert.Equal(10, exact.Total);
        Assert.False(exact.TotalIsLowerBound);

        var bounded = await SearchAsync(Staff(sort: SearchSort.Newest) with { TotalHitsThreshold = 4, PageSize = 3, IncludeFacets = true });
        Assert.Equal(4, bounded.Total);
        Assert.True(bounded.TotalIsLowerBound);
        Assert.Equal(Codes(exact).Take(3), Codes(bounded));

        var text = await SearchAsync(Staff("chuyen doi so", SearchSort.Newest) with { TotalHitsThreshold = 1 });
        Assert.Equal(1, text.Total);
        Assert.True(text.TotalIsLowerBound);
        Assert.Equal(["C03", "C01"], Codes(text));

        var deadline = await SearchAsync(Staff(sort: SearchSort.Deadline) with { TotalHitsThreshold = 2, Page = 2, PageSize = 2 });
        Assert.True(deadline.TotalIsLowerBound);
        Assert.Equal((await CodesAsync(Staff(sort: SearchSort.Deadline))).Skip(2).Take(2), Codes(deadline));
    }

    [ConformanceFact]
    public async Task A_page_of_title_matches_is_ranked_before_content_matches()
    {
        Assert.Equal(["C01"], await CodesAsync(Staff("chuyen doi so") with { PageSize = 1 }));
        Assert.Equal(["C03"], await CodesAsync(Staff("chuyen doi so") with { PageSize = 1, Page = 2 }));
        Assert.Equal(["C04", "C03"], await CodesAsync(Staff(sort: SearchSort.Newest) with { Agencies = ["bo-khcn", "bo-tai-chinh", "ubnd-ha-noi"], PageSize = 2 }));
        var byDeadline = await CodesAsync(Staff("chuyen doi so", SearchSort.Deadline));
        Assert.Equal(2, byDeadline.Count);
        Assert.Equal(byDeadline.Skip(1), await CodesAsync(Staff("chuyen doi so", SearchSort.Deadline) with { PageSize = 1, Page = 2 }));
    }

    [ConformanceFact]
    public async Task Pages_through_results_without_gaps_or_repeats()
    {
        var all = await CodesAsync(Staff(sort: SearchSort.Newest));
        Assert.Equal(10, all.Count);
        var paged = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var results = await SearchAsync(Staff(sort: SearchSort.Newest) with { Page = page, PageSize = 3 });
            Assert.Equal(10, results.Total);
            paged.AddRange(Codes(results));
        }

        Assert.Equal(all, paged);
    }

    [ConformanceFact]
    public async Task Staff_only_ever_see_their_agencies_cases()
    {
        var scope = SearchScope.Staff(["bo-tai-chinh"]);
        Assert.Equal(["C04"], await CodesAsync(Staff() with { Scope = scope }));
        Assert.Empty(await CodesAsync(Staff("chuyen doi so") with { Scope = scope }));
        Assert.Empty(await CodesAsync(Staff() with { Scope = scope, Agencies = ["bo-khcn"] }));
        Assert.Empty(await CodesAsync(Staff() with { Scope = SearchScope.Staff([]) }));
        Assert.Equal(10, (await SearchAsync(Staff() with { Scope = SearchScope.AllAgencies, Agencies = CorpusAgencies })).Total);
    }

    [ConformanceFact]
    public async Task The_public_sees_only_published_cases_and_public_fields()
    {
        var results = await SearchAsync(Staff() with { Scope = SearchScope.Public, Agencies = CorpusAgencies });
        Assert.Equal(["C01", "C02", "C04", "C05", "C06", "C07", "C08", "C10"], Codes(results).Order());
        Assert.All(results.Hits, h => Assert.Null(h.Document.AssigneeId));
        Assert.All(results.Hits, h => Assert.Null(h.Document.AssigneeName));
        Assert.Equal(["C01"], await CodesAsync(Staff("chuyen doi so") with { Scope = SearchScope.Public }));
        Assert.Equal("Nguyễn Văn An", (await SearchAsync(Staff("chuyen doi so"))).Hits.Single(h => h.Document.TrackingCode == "C01").Document.AssigneeName);
    }

    [ConformanceFact]
    public async Task Highlights_matches_in_escaped_text()
    {
        var road = (await SearchAsync(Staff("duong"))).Hits.Single(h => h.Document.TrackingCode == "C02");
        Assert.Contains("<mark>đường</mark>", road.Highlight, StringComparison.Ordinal);
        var tax = (await SearchAsync(Staff("thue"))).Hits.Single();
        Assert.Contains("<mark>thuế</mark> &amp; phí", tax.Highlight, StringComparison.Ordinal);
        Assert.DoesNotContain("<ngay>", tax.Highlight, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task Updates_replace_the_document()
    {
        var doc = SearchCorpus.Doc("U01", "feedback", "Cấp nước sinh hoạt", "Nước yếu vào buổi tối.", "ha-tang", "test-update", null, "routed", 3, 5, true);
        await Index.UpsertAsync([doc], CancellationToken.None);
        var scope = Staff() with { Scope = SearchScope.Staff(["test-update"]), IncludeFacets = true };
        Assert.Equal("routed", (await SearchAsync(scope)).Hits.Single().Document.Status);

        await Index.UpsertAsync([doc with { Status = "answered", PublicAnswer = "Đã sửa đường ống.", UpdatedAt = doc.UpdatedAt.AddHours(1) }], CancellationToken.None);
        var after = await SearchAsync(scope with { Text = "duong ong" });
        Assert.Equal("answered", after.Hits.Single().Document.Status);
        Assert.Equal(new Dictionary<string, long> { ["answered"] = 1 }, after.Facets[SearchResults.StatusFacet]);

        // Transferred: the old agency no longer sees it, the new one does.
        await Index.UpsertAsync([doc with { Agency = "test-update-2", Status = "transferred", UpdatedAt = doc.UpdatedAt.AddHours(2) }], CancellationToken.None);
        Assert.Empty(await CodesAsync(scope));
        Assert.Equal(["U01"], await CodesAsync(Staff("cap nuoc") with { Scope = SearchScope.Staff(["test-update-2"]) }));

        // Someone who sees both agencies still finds it, by text and when browsing newest first.
        var both = Staff() with { Scope = SearchScope.Staff(["test-update", "test-update-2"]), Sort = SearchSort.Newest };
        Assert.Equal(["U01"], await CodesAsync(both));
        Assert.Equal(["U01"], await CodesAsync(both with { Text = "cap nuoc" }));
    }

    [ConformanceFact]
    public async Task Deleting_removes_the_document()
    {
        var doc = SearchCorpus.Doc("D01", "feedback", "Rác thải ven sông", "Cần thu gom rác.", "moi-truong", "test-delete", null, "routed", 1, 5, true);
        await Index.UpsertAsync([doc], CancellationToken.None);
        Assert.Equal(["D01"], await CodesAsync(Staff("rac thai") with { Scope = SearchScope.AllAgencies }));
        await Index.DeleteAsync("D01", CancellationToken.None);
        Assert.Empty(await CodesAsync(Staff("rac thai") with { Scope = SearchScope.AllAgencies }));
        await Index.DeleteAsync("D01", CancellationToken.None); // deleting twice is harmless
    }

    [ConformanceFact]
    public async Task A_rebuild_serves_the_old_index_until_it_is_committed()
    {
        var index = await fixture.NewIndexAsync();
        await index.UpsertAsync([SearchCorpus.Documents[0]], CancellationToken.None);
        var query = Staff() with { Scope = SearchScope.AllAgencies };

        await using (var rebuild = await index.BeginRebuildAsync(CancellationToken.None))
        {
            await rebuild.AddAsync(SearchCorpus.Documents.Skip(1).ToList(), CancellationToken.None);
            Assert.Equal(["C01"], Codes(await index.SearchAsync(query, CancellationToken.None)));
            await rebuild.CommitAsync(CancellationToken.None);
        }

        var after = Codes(await index.SearchAsync(query, CancellationToken.None));
        Assert.Equal(9, after.Count);
        Assert.DoesNotContain("C01", after);
        Assert.Equal(["C02"], Codes(await index.SearchAsync(Staff("duong") with { Scope = SearchScope.AllAgencies }, CancellationToken.None)));
    }
}

public sealed class EmbeddedSearchConformanceTests(EmbeddedConformanceFixture fixture)
    : SearchConformanceTests(fixture), IClassFixture<EmbeddedConformanceFixture>;

/// <summary>The same suite with the embedded engine reading newest first in windows of one case and up.</summary>
public sealed class EmbeddedWindowedSearchConformanceTests(EmbeddedWindowedConformanceFixture fixture)
    : SearchConformanceTests(fixture), IClassFixture<EmbeddedWindowedConformanceFixture>;

/// <summary>Runs only when ELASTICSEARCH_URL is set (see docs/search.md); otherwise not part of the run.</summary>
[RequiresElasticsearch]
public sealed class ElasticsearchSearchConformanceTests(ElasticsearchConformanceFixture fixture)
    : SearchConformanceTests(fixture), IClassFixture<ElasticsearchConformanceFixture>;
