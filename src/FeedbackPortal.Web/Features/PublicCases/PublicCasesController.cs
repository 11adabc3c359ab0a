using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.PublicCases;

public sealed record FacetOption(string Value, string Label, long Count, bool Selected);

public sealed class PublicCasesPage
{
    public string? Query { get; init; }
    public required IReadOnlyList<SearchHit> Hits { get; init; }
    public long Total { get; init; }

    /// <summary>More matches than the index counts exactly: shown as "10 000+".</summary>
    public bool TotalIsLowerBound { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 10;
    public required IReadOnlyList<FacetOption> Statuses { get; init; }
    public required IReadOnlyList<FacetOption> Fields { get; init; }
    public required IReadOnlyList<FacetOption> Agencies { get; init; }
    public required IReadOnlyList<FacetOption> Kinds { get; init; }
    public required IReadOnlyDictionary<string, string> AgencyNames { get; init; }
    public required IReadOnlyDictionary<string, string> FieldNames { get; init; }
    public bool Unavailable { get; init; }

    public int PageCount => (int)Math.Max(1, Math.Ceiling(Total / (double)PageSize));

    /// <summary>This page's query string with another page number (filters kept).</summary>
    public required Func<int, string> PageUrl { get; init; }
}

/// <summary>
/// "Ba công khai": browse and search published cases with their answers. Public scope only, so the
/// public index holds only public cases and their staff-approved text; each result links to its status page.
/// </summary>
[Route("cases")]
public sealed class PublicCasesController(PublicSearchIndex index, PortalDbContext db, TimeProvider clock,
    IStringLocalizer<SharedText> shared, ILogger<PublicCasesController> logger)
    : Controller
{
    private const int PageSize = 10;
    private static readonly string[] KindCodes = ["feedback", "initiative"];

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] string[]? status, [FromQuery] string[]? field,
        [FromQuery] string[]? agency, [FromQuery] string[]? kind, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, 1000);
        string[] Clean(string[]? values) => (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 64).Distinct().Take(20).ToArray();
        var statuses = Clean(status);
        var fields = Clean(field);
        var agencies = Clean(agency);
        var kinds = Clean(kind).Where(KindCodes.Contains).ToArray();
        var text = q?.Trim() is { Length: > 0 } t ? t[..Math.Min(t.Length, 200)] : null;

        SearchResults results;
        var unavailable = false;
        try
        {
            results = await index.SearchAsync(new SearchQuery
            {
                Scope = SearchScope.Public,
                Text = text,
                Statuses = statuses,
                Fields = fields,
                Agencies = agencies,
                Kinds = kinds,
                Sort = text is null ? SearchSort.Newest : SearchSort.Relevance,
                Page = page,
                PageSize = PageSize,
                IncludeFacets = true,
                Now = clock.GetUtcNow(),
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The index is derived data; the page says so instead of failing.
            logger.LogError(e, "Public case search failed");
            results = new SearchResults([], 0, new Dictionary<string, IReadOnlyDictionary<string, long>>());
            unavailable = true;
        }

        var language = ReferenceLists.Language;
        var agencyNames = (await db.Agencies.AsNoTracking().ToListAsync(ct)).ToDictionary(a => a.Code, a => a.Name(language));
        var fieldNames = (await db.Fields.AsNoTracking().ToListAsync(ct)).ToDictionary(f => f.Code, f => f.Name(language));

        IReadOnlyList<FacetOption> Options(string facet, string[] selected, Func<string, string> label)
        {
            var counts = results.Facets.GetValueOrDefault(facet) ?? new Dictionary<string, long>();
            return counts.Keys.Union(selected)
                .Select(v => new FacetOption(v, label(v), counts.GetValueOrDefault(v), selected.Contains(v)))
                .OrderByDescending(o => o.Count).ThenBy(o => o.Label, StringComparer.Ordinal)
                .ToList();
        }

        var query = Request.Query;
        return View("Index", new PublicCasesPage
        {
            Query = text,
            Hits = results.Hits,
            Total = results.Total,
            TotalIsLowerBound = results.TotalIsLowerBound,
            Page = page,
            PageSize = PageSize,
            Statuses = Options(SearchResults.StatusFacet, statuses, s => shared["Status." + s]),
            Fields = Options(SearchResults.FieldFacet, fields, f => fieldNames.GetValueOrDefault(f, f)),
            Agencies = Options(SearchResults.AgencyFacet, agencies, a => agencyNames.GetValueOrDefault(a, a)),
            Kinds = KindCodes.Select(k => new FacetOption(k, shared["Kind." + k], 0, kinds.Contains(k))).ToList(),
            AgencyNames = agencyNames,
            FieldNames = fieldNames,
            Unavailable = unavailable,
            PageUrl = p => "/cases" + QueryString.Create(query.Where(kv => kv.Key != "page")
                .SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v)))
                .Append(KeyValuePair.Create("page", (string?)p.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        });
    }
}
