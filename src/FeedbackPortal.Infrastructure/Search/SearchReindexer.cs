using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>Progress of a rebuild: documents written so far out of the submissions counted at the start.</summary>
public readonly record struct ReindexProgress(long Done, long Total);

/// <summary>
/// Rebuilds the index from the database (the system of record): keyset pages by Id into a fresh
/// index, then an atomic swap. Searches keep using the current index until the swap. Changes made
/// during the rebuild are written to both (embedded) or re-applied after the swap (every engine:
/// cases updated since the rebuild started are indexed again). The public index is rebuilt in the
/// same pass from the same rows (only public cases, only their approved text).
/// </summary>
public sealed class SearchReindexer(IServiceScopeFactory scopes, ISearchIndex index, PublicSearchIndex publicIndex, TimeProvider clock)
{
    public const int DefaultBatchSize = 5000;

    public async Task<long> RebuildAsync(IProgress<ReindexProgress>? progress, CancellationToken ct, int batchSize = DefaultBatchSize)
    {
        var started = clock.GetUtcNow();
        await index.EnsureReadyAsync(ct);
        await publicIndex.Engine.EnsureReadyAsync(ct);
        long total;
        await using (var scope = scopes.CreateAsyncScope())
        {
            total = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Submissions.LongCountAsync(ct);
        }

        long done = 0;
        progress?.Report(new ReindexProgress(0, total));
        await using (var rebuild = await index.BeginRebuildAsync(ct))
        await using (var publicRebuild = await publicIndex.Engine.BeginRebuildAsync(ct))
        {
            Guid? last = null;
            while (true)
            {
                // A fresh context per batch keeps memory flat on millions of rows.
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var query = db.Submissions.AsNoTracking();
                if (last is { } after)
                {
                    query = query.Where(s => s.Id > after);
                }

                var batch = await query.OrderBy(s => s.Id).Take(batchSize).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }

                var now = clock.GetUtcNow();
                await rebuild.AddAsync(batch.Select(s => SearchDocumentFactory.From(s, now)).ToList(), ct);
                var published = batch.Select(s => SearchDocumentFactory.PublicFrom(s, now)).OfType<SearchDocument>().ToList();
                if (published.Count > 0)
                {
                    await publicRebuild.AddAsync(published, ct);
                }

                last = batch[^1].Id;
                done += batch.Count;
                progress?.Report(new ReindexProgress(done, Math.Max(total, done)));
            }

            await rebuild.CommitAsync(ct);
            await publicRebuild.CommitAsync(ct);
        }

        await CatchUpAsync(started, ct);
        return done;
    }

    /// <summary>Re-indexes what changed while the rebuild ran (a little overlap is harmless).</summary>
    private async Task CatchUpAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var from = since.AddSeconds(-5);
        var changed = await db.Submissions.AsNoTracking().Where(s => s.UpdatedAt >= from).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var chunk in changed.Chunk(500))
        {
            await index.UpsertAsync(chunk.Select(s => SearchDocumentFactory.From(s, now)).ToList(), ct);
            foreach (var s in chunk)
            {
                await publicIndex.ApplyAsync(s.TrackingCode, SearchDocumentFactory.PublicFrom(s, now), ct);
            }
        }
    }
}
