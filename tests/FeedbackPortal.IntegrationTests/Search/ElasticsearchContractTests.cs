using System.Text;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Infrastructure.Search.Elasticsearch;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>
/// The Elasticsearch engine against a recording HTTP server: every request body it sends is checked
/// against Elasticsearch's own OpenAPI specification (../shared/contracts/elasticsearch-openapi.json).
/// </summary>
[Trait("Category", "ElasticsearchContract")]
public sealed class ElasticsearchContractTests : IAsyncLifetime
{
    private static readonly Lazy<OpenApiSchemaValidator> Spec = new(() =>
    {
        // shared/ sits beside the clone (CI); from a worktree (…/wt/<name>) it is one level further up.
        var candidates = new[] { Path.Combine("..", "shared"), Path.Combine("..", "..", "shared") }
            .Select(p => Path.GetFullPath(Path.Combine(TestEnvironment.RepositoryRoot, p, "contracts", "elasticsearch-openapi.json")))
            .ToList();
        var path = candidates.FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"The Elasticsearch specification is missing: {candidates[0]} (shared/ must sit beside the repository).");
        return OpenApiSchemaValidator.Load(path);
    });

    private ElasticsearchContractServer _server = null!;
    private ElasticsearchSearchIndex _index = null!;

    public async Task InitializeAsync()
    {
        _server = await ElasticsearchContractServer.StartAsync();
        _index = NewIndex();
    }

    private ElasticsearchSearchIndex NewIndex(string? apiKey = null, int maxRetries = 2) => new(new ElasticsearchOptions
    {
        Url = new UriBuilder(_server.Url) { UserName = "elastic", Password = "changeme" }.Uri,
        ApiKey = apiKey,
        IndexPrefix = "fp-contract",
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    public async Task DisposeAsync()
    {
        _index.Dispose();
        await _server.DisposeAsync();
    }

    private static SearchQuery Query(string? text = null) => new() { Scope = SearchScope.AllAgencies, Text = text, Now = SearchCorpus.Now };

    /// <summary>Drives every request the engine makes: set-up, writes, deletes, searches of every shape, a rebuild.</summary>
    private Task ExerciseEngineAsync() => ExerciseEngineAsync(_index);

    private static async Task ExerciseEngineAsync(ElasticsearchSearchIndex index)
    {
        var ct = CancellationToken.None;
        await index.EnsureReadyAsync(ct);
        await index.UpsertAsync(SearchCorpus.Documents, ct);
        await index.DeleteAsync("C09", ct);
        SearchQuery[] queries =
        [
            Query("chuyen doi so") with { IncludeFacets = true },
            Query("\"dịch vụ công\" trực tuyến") with { Sort = SearchSort.Relevance },
            Query() with { Scope = SearchScope.Staff(["bo-khcn", "ubnd-ha-noi"]), Statuses = ["routed"], Kinds = ["feedback"], Fields = ["ha-tang"],
                Localities = ["ha-noi"], AssigneeId = "u1", Overdue = true, Sort = SearchSort.Deadline, Page = 3, PageSize = 10 },
            Query("thuế") with { Scope = SearchScope.Public, Overdue = false, DueBefore = SearchCorpus.Now.AddDays(3),
                SubmittedFrom = SearchCorpus.Now.AddDays(-30), SubmittedTo = SearchCorpus.Now, Sort = SearchSort.Newest, IncludeFacets = true },
        ];
        foreach (var query in queries)
        {
            await index.SearchAsync(query, ct);
        }

        await using var rebuild = await index.BeginRebuildAsync(ct);
        await rebuild.AddAsync(SearchCorpus.Documents, ct);
        await rebuild.CommitAsync(ct);
    }

    [Fact]
    public async Task Every_request_body_matches_the_elasticsearch_specification()
    {
        await ExerciseEngineAsync();

        Assert.Equal(["bulk", "indices.create", "indices.put_index_template", "indices.put_settings", "indices.update_aliases", "search"],
            AssertMatchSpecification(_server.Requests).Order());
    }

    /// <summary>
    /// The same engine with no HTTP at all: the official client's transport hands every request to the
    /// client library's own InMemoryRequestInvoker, and the bodies are read back from the client's call
    /// details, exactly as the client serialized them (typed requests included).
    /// </summary>
    [Fact]
    public async Task The_requests_the_official_client_produces_in_memory_match_the_elasticsearch_specification()
    {
        // One canned answer for every call: acknowledged, no bulk errors, no hits.
        var answer = """{"acknowledged":true,"errors":false,"items":[],"took":1,"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}"""u8.ToArray();
        var calls = new System.Collections.Concurrent.ConcurrentQueue<RecordedRequest>();
        using var index = new ElasticsearchSearchIndex(new ElasticsearchOptions
        {
            Url = new Uri("http://elastic:changeme@es.invalid:9200"),
            IndexPrefix = "fp-contract",
            // The product header a real cluster sends: the client's typed calls (here _bulk) refuse answers without it.
            RequestInvoker = new Elastic.Transport.InMemoryRequestInvoker(answer, 200, null!, "application/json",
                new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase) { ["x-elastic-product"] = ["Elasticsearch"] }),
            OnRequestCompleted = d => calls.Enqueue(new RecordedRequest(d.HttpMethod.ToString(), d.Uri!.AbsolutePath, d.Uri.Query, null,
                Encoding.UTF8.GetString(d.RequestBodyInBytes ?? []), null)),
        });

        await ExerciseEngineAsync(index);

        var checkedOperations = AssertMatchSpecification(calls.ToList());
        Assert.Contains("indices.update_aliases", checkedOperations);
        Assert.Contains("indices.put_settings", checkedOperations);
        Assert.Contains("indices.put_index_template", checkedOperations);
        Assert.Contains("search", checkedOperations);
        Assert.Contains("bulk", checkedOperations);
        Assert.Contains(calls, c => c.Method == "PUT" && c.Path == "/_index_template/fp-contract");

        // The typed _bulk: external versions, the delete, the refresh parameter, documents as readable UTF-8.
        var bulks = calls.Where(c => c.Path.EndsWith("/_bulk", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, bulks.Count); // upsert, delete, rebuild load
        Assert.All(bulks, b => Assert.Contains("refresh=false", b.Query, StringComparison.Ordinal));
        var upsert = bulks[0].Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 * SearchCorpus.Documents.Count, upsert.Length);
        using (var action = JsonDocument.Parse(upsert[0]))
        {
            var meta = action.RootElement.GetProperty("index");
            Assert.Equal("C01", meta.GetProperty("_id").GetString());
            Assert.Equal("external_gte", meta.GetProperty("version_type").GetString());
            Assert.Equal(SearchCorpus.Documents[0].UpdatedAt.ToUnixTimeMilliseconds(), meta.GetProperty("version").GetInt64());
        }

        Assert.Contains("\"title\":\"Chuyển đổi số trong thủ tục hành chính\"", upsert[1], StringComparison.Ordinal);
        Assert.Equal("""{"delete":{"_id":"C09"}}""", bulks[1].Body.TrimEnd('\n'));
    }

    /// <summary>Validates every request with a body against its operation; returns the operations seen.</summary>
    private static HashSet<string> AssertMatchSpecification(IEnumerable<RecordedRequest> requests)
    {
        var checkedOperations = new HashSet<string>();
        foreach (var request in requests.Where(r => r.Body.Length > 0))
        {
            var segments = request.Path.Trim('/').Split('/');
            var (operation, specPath, method) = (request.Method, segments) switch
            {
                ("PUT", ["_index_template", _]) => ("indices.put_index_template", "/_index_template/{name}", "put"),
                ("PUT", [_]) => ("indices.create", "/{index}", "put"),
                ("PUT", [_, "_settings"]) => ("indices.put_settings", "/{index}/_settings", "put"),
                ("POST", ["_aliases"]) => ("indices.update_aliases", "/_aliases", "post"),
                ("POST", [_, "_search"]) => ("search", "/{index}/_search", "post"),
                ("POST", [_, "_bulk"]) => ("bulk", "", ""),
                _ => throw new InvalidOperationException($"No specification mapping for {request.Method} {request.Path}"),
            };

            if (operation == "bulk")
            {
                AssertBulkBody(request);
            }
            else
            {
                AssertValid(Spec.Value.RequestBodySchema(specPath, method), request.Body, $"{request.Method} {request.Path}");
            }

            checkedOperations.Add(operation);
        }

        return checkedOperations;
    }

    /// <summary>NDJSON: action lines against the bulk operation container, each followed by a free-form document.</summary>
    private static void AssertBulkBody(RecordedRequest request)
    {
        if (request.ContentType is not null) // the client's call details do not keep request headers
        {
            // The client's vendor type for NDJSON: application/vnd.elasticsearch+x-ndjson; compatible-with=9.
            Assert.Matches("^application/(vnd\\.elasticsearch\\+)?x-ndjson", request.ContentType);
        }

        Assert.EndsWith("\n", request.Body, StringComparison.Ordinal);
        var lines = request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var actionSchema = Spec.Value.ComponentSchema("_global.bulk.OperationContainer");
        for (var i = 0; i < lines.Length; i++)
        {
            AssertValid(actionSchema, lines[i], $"_bulk action line {i}");
            using var action = JsonDocument.Parse(lines[i]);
            if (!action.RootElement.TryGetProperty("delete", out _))
            {
                using var document = JsonDocument.Parse(lines[++i]);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            }
        }
    }

    private static void AssertValid(JsonElement schema, string body, string what)
    {
        using var json = JsonDocument.Parse(body);
        var errors = Spec.Value.Validate(schema, json.RootElement);
        Assert.True(errors.Count == 0, $"{what} does not match the specification:\n{string.Join("\n", errors)}\nbody: {body}");
    }

    [Fact]
    public void The_validator_rejects_bodies_elasticsearch_would_reject()
    {
        var search = Spec.Value.RequestBodySchema("/{index}/_search", "post");
        Assert.NotEmpty(Validate(search, """{"from":"ten"}"""));
        Assert.NotEmpty(Validate(search, """{"query":{"bool":{"filtr":[]}}}"""));
        Assert.NotEmpty(Validate(search, """{"query":{"multi_match":{"query":"x","type":"fuzzy_phrase"}}}"""));
        Assert.NotEmpty(Validate(search, """{"sort":[{"submittedAt":{"order":"sideways"}}]}"""));
        Assert.NotEmpty(Validate(Spec.Value.ComponentSchema("_global.bulk.OperationContainer"), """{"index":{"_id":"1","version_type":"sometimes"}}"""));
        Assert.NotEmpty(Validate(Spec.Value.ComponentSchema("_global.bulk.OperationContainer"), """{"upsert":{"_id":"1"}}"""));
        Assert.NotEmpty(Validate(Spec.Value.RequestBodySchema("/_aliases", "post"), """{"actions":[{"swap":{"index":"a","alias":"b"}}]}"""));
        Assert.Empty(Validate(search, """{"from":0,"size":10,"query":{"bool":{"filter":[{"term":{"status":{"value":"routed"}}}]}}}"""));

        static IReadOnlyList<string> Validate(JsonElement schema, string body)
        {
            using var json = JsonDocument.Parse(body);
            return Spec.Value.Validate(schema, json.RootElement.Clone());
        }
    }

    [Fact]
    public async Task Search_requests_carry_filters_scope_facets_highlight_and_nfc_text()
    {
        await _index.SearchAsync(Query("chuyển đổi số".Normalize(NormalizationForm.FormD)) with
        {
            Scope = SearchScope.Public, IncludeFacets = true, Overdue = true,
        }, CancellationToken.None);
        var body = _server.Requests.Single(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Body;
        Assert.Contains("chuyển đổi số", body, StringComparison.Ordinal); // NFC on the wire
        Assert.Contains("\"published\":{\"value\":true}", body, StringComparison.Ordinal);
        Assert.Contains("\"excludes\":[\"assigneeId\",\"assigneeName\"]", body, StringComparison.Ordinal);
        Assert.Contains("\"aggregations\"", body, StringComparison.Ordinal);
        Assert.Contains("\"highlight\"", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":[\"routed\",\"transferred\",\"delivered\",\"in_progress\",\"under_evaluation\"]", body, StringComparison.Ordinal);
        Assert.Contains("title.exact^4", body, StringComparison.Ordinal);
        Assert.Contains("\"track_total_hits\":10000", body, StringComparison.Ordinal); // the same threshold as the embedded engine
    }

    [Fact]
    public async Task A_gte_total_is_reported_as_a_lower_bound_at_the_query_threshold()
    {
        _server.NextSearchResponse = ElasticsearchContractServer.SearchResponse
            .Replace("\"total\":{\"value\":42,\"relation\":\"eq\"}", "\"total\":{\"value\":25,\"relation\":\"gte\"}", StringComparison.Ordinal);
        var results = await _index.SearchAsync(Query("truc tuyen") with { TotalHitsThreshold = 25 }, CancellationToken.None);
        Assert.Equal(25, results.Total);
        Assert.True(results.TotalIsLowerBound);
        var body = _server.Requests.Single(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Body;
        Assert.Contains("\"track_total_hits\":25", body, StringComparison.Ordinal);

        _server.NextSearchResponse = null;
        Assert.False((await _index.SearchAsync(Query("truc tuyen"), CancellationToken.None)).TotalIsLowerBound);
    }

    [Fact]
    public async Task Responses_become_hits_totals_facets_and_highlights_and_public_queries_lose_staff_fields()
    {
        var staff = await _index.SearchAsync(Query("truc tuyen") with { IncludeFacets = true }, CancellationToken.None);
        Assert.Equal(42, staff.Total);
        var hit = Assert.Single(staff.Hits);
        Assert.Equal("PA-26-7K3M-Q9XW", hit.Document.TrackingCode);
        Assert.Equal("Nguyễn Văn An", hit.Document.AssigneeName);
        Assert.True(hit.Document.Overdue); // deadline 20/11 passed at Now, still in progress
        Assert.Equal("Dịch vụ công <mark>trực tuyến</mark>", hit.Highlight);
        Assert.Equal(30, staff.Facets[SearchResults.StatusFacet]["in_progress"]);
        Assert.Equal(42, staff.Facets[SearchResults.AgencyFacet]["bo-khcn"]);

        // Even if a cluster returned them, public results never carry staff-only fields.
        var open = await _index.SearchAsync(Query("truc tuyen") with { Scope = SearchScope.Public }, CancellationToken.None);
        Assert.Null(open.Hits.Single().Document.AssigneeId);
        Assert.Null(open.Hits.Single().Document.AssigneeName);
    }

    [Fact]
    public async Task Errors_carry_the_elasticsearch_type_and_reason()
    {
        _server.FailNext(400, """{"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}""");
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => _index.SearchAsync(Query("x"), CancellationToken.None));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("search_phase_execution_exception", error.ErrorType);
        Assert.Equal("all shards failed", error.Reason);
        Assert.Single(_server.Requests); // a 400 is not retried

        // _bulk answers 200 with per-item errors: still a failure.
        var bad = SearchCorpus.Documents[0] with { TrackingCode = "FAIL" };
        var bulk = await Assert.ThrowsAsync<ElasticsearchException>(() => _index.UpsertAsync([bad], CancellationToken.None));
        Assert.Equal("document_parsing_exception", bulk.ErrorType);
    }

    [Fact]
    public async Task Overload_and_gateway_errors_are_retried_with_back_off()
    {
        _server.FailNext(429, """{"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}""");
        _server.FailNext(503, """{"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"},"status":503}""");
        var results = await _index.SearchAsync(Query("x"), CancellationToken.None);
        Assert.Equal(42, results.Total);
        Assert.Equal(3, _server.Requests.Count);

        _server.FailNext(503, """{"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"},"status":503}""", times: 3);
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => _index.SearchAsync(Query("x"), CancellationToken.None));
        Assert.Equal(503, error.StatusCode);
    }

    [Fact]
    public async Task Connection_errors_are_retried_then_reported()
    {
        using var index = new ElasticsearchSearchIndex(new ElasticsearchOptions
        {
            Url = new Uri("http://127.0.0.1:9"), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromSeconds(2),
        });
        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => index.SearchAsync(Query("x"), CancellationToken.None));
        Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rebuild_loads_a_new_versioned_index_and_swaps_the_alias_atomically()
    {
        await _index.EnsureReadyAsync(CancellationToken.None);
        var first = _server.Requests.Single(r => r.Method == "PUT" && r.Path.StartsWith("/fp-contract-v", StringComparison.Ordinal)).Path.Trim('/');
        await using (var rebuild = await _index.BeginRebuildAsync(CancellationToken.None))
        {
            await rebuild.AddAsync(SearchCorpus.Documents, CancellationToken.None);
            await rebuild.CommitAsync(CancellationToken.None);
        }

        var second = _server.Requests.Last(r => r.Method == "PUT" && r.Path.StartsWith("/fp-contract-v", StringComparison.Ordinal) && !r.Path.EndsWith("_settings", StringComparison.Ordinal)).Path.Trim('/');
        Assert.NotEqual(first, second);
        Assert.Contains(_server.Requests, r => r.Path == $"/{second}/_bulk");
        var swap = _server.Requests.Single(r => r.Path == "/_aliases").Body;
        // One call, remove then add (written by the official client's serializer, its own property order).
        var actions = JsonDocument.Parse(swap).RootElement.GetProperty("actions").EnumerateArray()
            .Select(a => a.EnumerateObject().Single())
            .Select(a => (a.Name, Index: a.Value.GetProperty("index").GetString(), Alias: a.Value.GetProperty("alias").GetString()))
            .ToList();
        Assert.Equal([("remove", first, "fp-contract"), ("add", second, "fp-contract")], actions);
        Assert.Contains(_server.Requests, r => r.Method == "DELETE" && r.Path == "/" + first);
    }

    [Fact]
    public async Task Credentials_come_from_the_url_or_an_api_key()
    {
        await _index.SearchAsync(Query(), CancellationToken.None);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:changeme")), _server.Requests.Last().Authorization);
        using var keyed = NewIndex(apiKey: "a2V5OnNlY3JldA==");
        await keyed.SearchAsync(Query(), CancellationToken.None);
        Assert.Equal("ApiKey a2V5OnNlY3JldA==", _server.Requests.Last().Authorization);
    }
}
