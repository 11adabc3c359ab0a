using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure.Reconciliation;

public sealed partial class StageReconciler
{
    /// <summary>
    /// The index is a derived store in another engine, so it is compared rather than queried per case:
    /// the status facet of the cases submitted in the look-back window (up to the stuck age) against the
    /// database's counts. Only when they differ does it list the documents of the differing statuses and
    /// look for each case, settled longer than the stuck age, whose document is missing or shows another
    /// status; those are re-indexed through the outbox (SubmissionChanged). A change still in flight is
    /// younger than the age and never counts.
    /// </summary>
    private async Task<int> RedriveIndexAsync(IServiceProvider services, PortalDbContext db, DateTimeOffset now,
        DateTimeOffset cutoff, CancellationToken ct)
    {
        var index = services.GetRequiredService<ISearchIndex>();
        var from = now - options.Value.Lookback;
        var window = new SearchQuery
        {
            Scope = SearchScope.AllAgencies,
            SubmittedFrom = from,
            SubmittedTo = cutoff,
            IncludeFacets = true,
            PageSize = 1,
            TotalHitsThreshold = int.MaxValue,
            Now = now,
        };
        var facets = (await index.SearchAsync(window, ct)).Facets;
        var indexed = facets.TryGetValue(SearchResults.StatusFacet, out var statusFacet)
            ? statusFacet
            : new Dictionary<string, long>();
        var stored = (await db.Submissions.AsNoTracking()
                .Where(s => s.SubmittedAt >= from && s.SubmittedAt <= cutoff)
                .GroupBy(s => s.Status)
                .Select(g => new { Status = g.Key, Count = g.LongCount() })
                .ToListAsync(ct))
            .ToDictionary(g => g.Status.Code(), g => g.Count);

        var differing = stored.Keys.Union(indexed.Keys)
            .Where(status => stored.GetValueOrDefault(status) != indexed.GetValueOrDefault(status))
            .ToList();
        var stale = new List<(Guid Id, string Code, string Status)>();
        foreach (var status in differing)
        {
            if (!SubmissionStatuses.TryParse(status, out var parsed))
            {
                continue; // a status only the index knows: its cases show up under their real status
            }

            var inIndex = await IndexedCodesAsync(index, window, status, ct);
            var cases = await db.Submissions.AsNoTracking()
                .Where(s => s.SubmittedAt >= from && s.SubmittedAt <= cutoff && s.Status == parsed && s.UpdatedAt < cutoff)
                .Select(s => new { s.Id, s.TrackingCode })
                .ToListAsync(ct);
            stale.AddRange(cases.Where(c => !inIndex.Contains(c.TrackingCode)).Select(c => (c.Id, c.TrackingCode, status)));
        }

        foreach (var (id, code, status) in stale)
        {
            db.OutboxMessages.Add(Outbox.OutboxMessage.Publish(new Contracts.SubmissionChanged(id, code, "reindex", now), now));
            Count("index", code, status);
        }

        await db.SaveChangesAsync(ct);
        return stale.Count;
    }

    private static async Task<HashSet<string>> IndexedCodesAsync(ISearchIndex index, SearchQuery window, string status, CancellationToken ct)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var results = await index.SearchAsync(window with
            {
                Statuses = [status],
                IncludeFacets = false,
                Sort = SearchSort.Newest,
                Page = page,
                PageSize = 100,
            }, ct);
            foreach (var hit in results.Hits)
            {
                codes.Add(hit.Document.TrackingCode);
            }

            if (results.Hits.Count < 100)
            {
                return codes;
            }
        }
    }
}
