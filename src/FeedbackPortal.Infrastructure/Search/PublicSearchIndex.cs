namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// The public index: a second index of the configured engine (embedded: <c>&lt;data&gt;/search-public</c>;
/// Elasticsearch: <c>&lt;prefix&gt;-public</c>) that holds only public cases and only their approved
/// public text (<see cref="SearchDocumentFactory.PublicFrom"/>). Public pages and APIs search here, so
/// the original text — which staff search needs — is never in an index the public can query.
/// </summary>
public sealed class PublicSearchIndex(ISearchIndex engine)
{
    /// <summary>The underlying index, for writes, rebuilds and health checks.</summary>
    public ISearchIndex Engine => engine;

    /// <summary>Always in the public scope, whatever the caller set.</summary>
    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
        engine.SearchAsync(query with { Scope = SearchScope.Public }, cancellationToken);

    /// <summary>Writes the case's public document, or removes it when the case is not public (any more).</summary>
    public Task ApplyAsync(string trackingCode, SearchDocument? publicDocument, CancellationToken cancellationToken) =>
        publicDocument is null
            ? engine.DeleteAsync(trackingCode, cancellationToken)
            : engine.UpsertAsync([publicDocument], cancellationToken);
}
