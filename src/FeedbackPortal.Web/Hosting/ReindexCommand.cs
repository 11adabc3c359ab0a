using System.Diagnostics;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// <c>dotnet run --project src/FeedbackPortal.Web -- reindex</c>: rebuilds the search index from the
/// database into a new index and swaps it in, with a progress bar on stderr. The portal's services
/// are built but nothing is started (no web server, no bus), so running portals keep serving.
/// </summary>
public static class ReindexCommand
{
    public static async Task<int> RunAsync(WebApplicationBuilder builder, TextWriter output)
    {
        builder.AddPortalWeb();
        await using var app = builder.Build();
        return await RunAsync(app.Services, output, CancellationToken.None);
    }

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct, int batchSize = SearchReindexer.DefaultBatchSize)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                await output.WriteLineAsync($"reindex: the database has {pending.Count} pending migration(s); start the portal once to apply them.");
                return 2;
            }
        }

        var bar = new ProgressBar(output);
        var watch = Stopwatch.StartNew();
        var count = await services.GetRequiredService<SearchReindexer>().RebuildAsync(bar, ct, batchSize);
        bar.Finish();
        await output.WriteLineAsync($"reindex: {count} submission(s) indexed in {watch.Elapsed.TotalSeconds:0.0} s; the new index is live.");
        return 0;
    }

    /// <summary>A one-line textual bar redrawn in place with \r (at most every 100 ms).</summary>
    private sealed class ProgressBar(TextWriter output) : IProgress<ReindexProgress>
    {
        private const int Width = 30;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _lastDraw = -1000;

        public void Report(ReindexProgress value)
        {
            if (_watch.ElapsedMilliseconds - _lastDraw < 100 && value.Done < value.Total)
            {
                return;
            }

            _lastDraw = _watch.ElapsedMilliseconds;
            var fraction = value.Total == 0 ? 1.0 : (double)value.Done / value.Total;
            var filled = (int)Math.Round(fraction * Width);
            var rate = value.Done / Math.Max(0.001, _watch.Elapsed.TotalSeconds);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {value.Done}/{value.Total} ({rate:0}/s)  ");
            output.Flush();
        }

        public void Finish() => output.WriteLine();
    }
}
