using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.IndexManagement;
using AliasDefinition = Elastic.Clients.Elasticsearch.IndexManagement.Alias;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The production engine: Elasticsearch 8/9 over its REST API. Searches and live writes go through
/// the alias <c>&lt;prefix&gt;</c>, which points at one versioned index <c>&lt;prefix&gt;-v&lt;timestamp&gt;</c>;
/// a rebuild loads a new versioned index and swaps the alias in one <c>_aliases</c> call.
/// Documents carry <c>updatedAt</c> as an external version, so an older snapshot never overwrites
/// a newer one (duplicate or out-of-order messages, a rebuild racing live updates).
/// </summary>
public sealed class ElasticsearchSearchIndex : ISearchIndex, IDisposable
{
    private static readonly SearchResults Empty = new([], 0, new Dictionary<string, IReadOnlyDictionary<string, long>>());
    private readonly ElasticsearchTransport _transport;
    private readonly ElasticsearchOptions _options;

    public ElasticsearchSearchIndex(ElasticsearchOptions options)
    {
        _options = options;
        _transport = new ElasticsearchTransport(options);
    }

    public string Alias => _options.IndexPrefix;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        await PutTemplateAsync(cancellationToken);
        using var alias = await _transport.SendAsync(HttpMethod.Get, $"_alias/{Alias}", null, cancellationToken, allowNotFound: true);
        if (alias is null)
        {
            var index = NewIndexName();
            var body = new CreateIndexRequest(index) { Aliases = new Dictionary<Name, AliasDefinition> { [Alias] = new() } };
            using var _ = await _transport.SendAsync(HttpMethod.Put, index, _transport.Body(body), cancellationToken);
        }
    }

    public Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) =>
        BulkIndexAsync(Alias, documents, _options.Refresh, cancellationToken);

    public async Task DeleteAsync(string trackingCode, CancellationToken cancellationToken)
    {
        await BulkAsync(Alias, [new BulkDeleteOperation(trackingCode)], _options.Refresh, cancellationToken);
    }

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var agencies = EmbeddedSearchIndex.EffectiveAgencies(query);
        if (agencies is { Count: 0 })
        {
            return Empty;
        }

        var body = ElasticsearchQueryBuilder.Build(query, agencies);
        using var response = await _transport.SendAsync(HttpMethod.Post, $"{Alias}/_search", body.ToJsonString(ElasticsearchDocument.Json), cancellationToken);
        return ParseResults(response!.RootElement, query);
    }

    public async Task<IIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken)
    {
        await PutTemplateAsync(cancellationToken);
        var index = NewIndexName();
        // No refreshes during the bulk load; CommitAsync turns them back on. Written by hand: the
        // client's Duration converter writes "-1" as the number -1, which Elasticsearch accepts but
        // its published specification (types.Duration: a string) does not.
        var body = new JsonObject { ["settings"] = new JsonObject { ["refresh_interval"] = "-1" } };
        using var _ = await _transport.SendAsync(HttpMethod.Put, index, body.ToJsonString(ElasticsearchDocument.Json), cancellationToken);
        return new Rebuild(this, index);
    }

    private async Task PutTemplateAsync(CancellationToken ct)
    {
        using var _ = await _transport.SendAsync(HttpMethod.Put, $"_index_template/{_options.IndexPrefix}",
            _transport.Body(ElasticsearchIndexDefinition.Template(_options.IndexPrefix)), ct);
    }

    private string NewIndexName() =>
        $"{_options.IndexPrefix}-v{DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}";

    private Task BulkIndexAsync(string target, IReadOnlyCollection<SearchDocument> documents, string refresh, CancellationToken ct)
    {
        if (documents.Count == 0)
        {
            return Task.CompletedTask;
        }

        // updatedAt as an external version: a stale snapshot gets a harmless 409 instead of overwriting.
        var operations = documents.Select(d => (IBulkOperation)new BulkIndexOperation<JsonObject>(ElasticsearchDocument.ToSource(d))
        {
            Id = d.TrackingCode,
            Version = d.UpdatedAt.ToUnixTimeMilliseconds(),
            VersionType = VersionType.ExternalGte,
        }).ToList();
        return BulkAsync(target, operations, refresh, ct);
    }

    /// <summary>
    /// One typed <c>_bulk</c> (the client writes and streams the NDJSON), inside the same-node retry loop;
    /// every item is checked: a 200 with errors:true is still a failure.
    /// </summary>
    private async Task BulkAsync(string target, List<IBulkOperation> operations, string refresh, CancellationToken ct)
    {
        var request = new BulkRequest(target)
        {
            Operations = new BulkOperationsCollection(operations),
            Refresh = refresh switch { "true" => Refresh.True, "wait_for" => Refresh.WaitFor, _ => Refresh.False },
        };
        var response = await _transport.CallAsync($"POST /{target}/_bulk", token => _transport.Client.BulkAsync(request, token), ct);
        if (!response.Errors)
        {
            return;
        }

        // Items come back in the order of the operations.
        foreach (var (item, operation) in response.Items.Zip(operations))
        {
            var delete = operation is BulkDeleteOperation;
            var ignorable = item.Status == 409 // an older snapshot than the indexed one (external version)
                            || (delete && item.Status == 404); // already gone
            if (item.Status >= 300 && !ignorable)
            {
                throw new ElasticsearchException(item.Status, item.Error?.Type, item.Error?.Reason,
                    $"_bulk {(delete ? "delete" : "index")} {item.Id}");
            }
        }
    }

    private static SearchResults ParseResults(JsonElement root, SearchQuery query)
    {
        var hitsElement = root.GetProperty("hits");
        var total = hitsElement.TryGetProperty("total", out var t)
            ? t.ValueKind == JsonValueKind.Number ? t.GetInt64() : t.GetProperty("value").GetInt64()
            : 0;
        // track_total_hits: "gte" means the count stopped at the threshold.
        var lowerBound = t.ValueKind == JsonValueKind.Object && t.TryGetProperty("relation", out var relation) && relation.GetString() == "gte";
        var hits = new List<SearchHit>();
        foreach (var hit in hitsElement.GetProperty("hits").EnumerateArray())
        {
            var doc = ElasticsearchDocument.FromSource(hit.GetProperty("_source"), query.Scope.IsPublic, query.Now);
            var score = hit.TryGetProperty("_score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
            hits.Add(new SearchHit(doc, score, Highlight(hit)));
        }

        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (root.TryGetProperty("aggregations", out var aggs))
        {
            foreach (var agg in aggs.EnumerateObject())
            {
                var counts = new Dictionary<string, long>();
                foreach (var bucket in agg.Value.GetProperty("buckets").EnumerateArray())
                {
                    counts[bucket.GetProperty("key").ToString()] = bucket.GetProperty("doc_count").GetInt64();
                }

                facets[agg.Name] = counts;
            }
        }

        return new SearchResults(hits, total, facets) { TotalIsLowerBound = lowerBound };
    }

    private static string? Highlight(JsonElement hit)
    {
        if (!hit.TryGetProperty("highlight", out var highlight))
        {
            return null;
        }

        foreach (var field in new[] { "content", "answer", "title" })
        {
            if (highlight.TryGetProperty(field, out var fragments) && fragments.GetArrayLength() > 0)
            {
                return fragments[0].GetString();
            }
        }

        return null;
    }

    /// <summary>Deletes the indices behind the alias and the template (tests, decommissioning).</summary>
    public async Task DropAsync(CancellationToken cancellationToken)
    {
        using (var aliases = await _transport.SendAsync(HttpMethod.Get, $"_alias/{Alias}", null, cancellationToken, allowNotFound: true))
        {
            foreach (var index in aliases?.RootElement.EnumerateObject().Select(p => p.Name).ToList() ?? [])
            {
                using var _ = await _transport.SendAsync(HttpMethod.Delete, index, null, cancellationToken, allowNotFound: true);
            }
        }

        using var __ = await _transport.SendAsync(HttpMethod.Delete, $"_index_template/{_options.IndexPrefix}", null, cancellationToken, allowNotFound: true);
    }

    public void Dispose() => _transport.Dispose();

    private sealed class Rebuild(ElasticsearchSearchIndex owner, string index) : IIndexRebuild
    {
        private bool _committed;

        public Task AddAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) =>
            owner.BulkIndexAsync(index, documents, "false", cancellationToken);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            var transport = owner._transport;
            var settings = new PutIndicesSettingsRequest(index, new IndexSettings { RefreshInterval = "1s" });
            using (await transport.SendAsync(HttpMethod.Put, $"{index}/_settings", transport.Body(settings), cancellationToken))
            using (await transport.SendAsync(HttpMethod.Post, $"{index}/_refresh", null, cancellationToken))
            {
            }

            var old = new List<string>();
            using (var aliases = await transport.SendAsync(HttpMethod.Get, $"_alias/{owner.Alias}", null, cancellationToken, allowNotFound: true))
            {
                if (aliases is not null)
                {
                    old.AddRange(aliases.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != index));
                }
            }

            // One atomic call: searchers see either the old index or the new one, never neither.
            var actions = old.Select(o => (IndexUpdateAliasesAction)new RemoveAction { Index = o, Alias = owner.Alias }).ToList();
            actions.Add(new AddAction { Index = index, Alias = owner.Alias });
            var swap = new UpdateAliasesRequest { Actions = actions };
            using (await transport.SendAsync(HttpMethod.Post, "_aliases", transport.Body(swap), cancellationToken))
            {
            }

            _committed = true;
            foreach (var o in old)
            {
                using var _ = await transport.SendAsync(HttpMethod.Delete, o, null, cancellationToken, allowNotFound: true);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                using var _ = await owner._transport.SendAsync(HttpMethod.Delete, index, null, CancellationToken.None, allowNotFound: true);
            }
        }
    }
}
