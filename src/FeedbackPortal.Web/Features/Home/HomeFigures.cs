using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace FeedbackPortal.Web.Features.Home;

/// <summary>The home page's headline figures ("Ba công khai", "Một thước đo").</summary>
public sealed record HomeFigures(
    int Received,
    int Answered,
    int AnsweredOnTime,
    double? MedianDaysToAnswer,
    double? Satisfaction, // share of ratings "hài lòng", 0–100
    int Ratings)
{
    /// <summary>Share of answered cases answered by their deadline, 0–100; null before the first answer.</summary>
    public double? OnTimePercent => Answered == 0 ? null : 100.0 * AnsweredOnTime / Answered;
}

/// <summary>
/// Computes <see cref="HomeFigures"/> from the database. Two counts, one average and one narrow
/// projection of answered cases (for the median, which SQL cannot compute portably); the result
/// is cached for 60 s, so the home page costs at most one set of queries a minute.
/// </summary>
public sealed class HomeFiguresQuery(PortalDbContext db, IMemoryCache cache)
{
    private static readonly object CacheKey = new();

    public async Task<HomeFigures> GetAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync(CacheKey, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(60);
            return ComputeAsync(ct);
        }))!;

    private async Task<HomeFigures> ComputeAsync(CancellationToken ct)
    {
        var received = await db.Submissions.CountAsync(ct);
        var answered = await db.Submissions.AsNoTracking()
            .Where(s => s.AnsweredAt != null)
            .Select(s => new { s.SubmittedAt, AnsweredAt = s.AnsweredAt!.Value, s.Deadline })
            .ToListAsync(ct);
        // Every rating counts (a re-answered case can be rated again); the figure is the share "hài lòng".
        var ratings = await db.Ratings.CountAsync(ct);
        double? satisfaction = ratings == 0
            ? null
            : 100.0 * await db.Ratings.CountAsync(r => r.Level == SatisfactionLevel.Satisfied, ct) / ratings;

        var onTime = answered.Count(a => a.Deadline is { } d && a.AnsweredAt <= d);
        var days = answered.Select(a => (a.AnsweredAt - a.SubmittedAt).TotalDays).Order().ToList();
        return new HomeFigures(received, answered.Count, onTime, Median(days), satisfaction, ratings);
    }

    private static double? Median(List<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };
}
