using System.Diagnostics;
using FeedbackPortal.Infrastructure.Telemetry;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Times every search of an engine (metric feedbackportal.search.duration, span "search") whichever
/// engine it is; writes and rebuilds pass straight through (their callers are traced already).
/// </summary>
public sealed class TimedSearchIndex(ISearchIndex engine, string index, PortalMetrics metrics) : ISearchIndex, IDisposable
{
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => engine.EnsureReadyAsync(cancellationToken);

    public Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) =>
        engine.UpsertAsync(documents, cancellationToken);

    public Task DeleteAsync(string trackingCode, CancellationToken cancellationToken) =>
        engine.DeleteAsync(trackingCode, cancellationToken);

    public Task<IIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken) =>
        engine.BeginRebuildAsync(cancellationToken);

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = PortalTelemetry.Source.StartActivity("search " + index);
        activity?.SetTag("feedbackportal.search.index", index);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var results = await engine.SearchAsync(query, cancellationToken);
            outcome = "ok";
            activity?.SetTag("feedbackportal.search.total", results.Total);
            return results;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            metrics.SearchTook(Stopwatch.GetElapsedTime(started), index, outcome);
        }
    }

    public void Dispose() => (engine as IDisposable)?.Dispose();
}
