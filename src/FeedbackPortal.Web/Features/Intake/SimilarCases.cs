using FeedbackPortal.Infrastructure.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Intake;

public sealed record SimilarCase(string TrackingCode, string Title, string Status, string Url);

/// <summary>
/// Published cases that look like the one being written (the public index, which holds only
/// approved public text, so nothing private leaks). The index is derived data: if it is down, intake carries on without suggestions.
/// </summary>
public sealed class SimilarCases(PublicSearchIndex index, TimeProvider clock, ILogger<SimilarCases> logger)
{
    public async Task<IReadOnlyList<SimilarCase>> FindAsync(string? title, int max, CancellationToken ct)
    {
        var text = title?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < 4)
        {
            return [];
        }

        text = text.Replace("\"", " ", StringComparison.Ordinal);
        try
        {
            var hits = await SearchAsync(text, max, ct);
            if (hits.Count == 0)
            {
                // Every word must match; retry with the three most telling (longest) words.
                var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3)
                    .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Take(3).ToList();
                if (words.Count >= 2)
                {
                    hits = await SearchAsync(string.Join(' ', words), max, ct);
                }
            }

            return hits;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Similar-case search failed; continuing without suggestions.");
            return [];
        }
    }

    private async Task<IReadOnlyList<SimilarCase>> SearchAsync(string text, int max, CancellationToken ct)
    {
        var results = await index.SearchAsync(new SearchQuery
        {
            Scope = SearchScope.Public,
            Text = text,
            PageSize = max,
            // Suggestions show no total: counting thousands of matches on every call would be waste.
            TotalHitsThreshold = max,
            Now = clock.GetUtcNow(),
        }, ct);
        return results.Hits.Where(h => h.Document.Published)
            .Select(h => new SimilarCase(h.Document.TrackingCode, h.Document.Title, h.Document.Status, "/status/" + h.Document.TrackingCode))
            .ToList();
    }
}

public sealed record SimilarItems(IReadOnlyList<SimilarCase> Items);

/// <summary>For site.js on the title field: GET /api/v1/similar?q= (public, published cases only).</summary>
[ApiController]
[Route("api/v1/similar")]
[AllowAnonymous]
public sealed class SimilarApiController(SimilarCases similar) : ControllerBase
{
    [HttpGet]
    [ProducesResponseType(typeof(SimilarItems), StatusCodes.Status200OK)]
    public async Task<SimilarItems> Get([FromQuery] string? q, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        return new SimilarItems(await similar.FindAsync(q is { Length: > 200 } ? q[..200] : q, 10, ct));
    }
}
