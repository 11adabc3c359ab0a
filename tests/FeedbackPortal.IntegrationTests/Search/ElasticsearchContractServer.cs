using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedbackPortal.IntegrationTests.Search;

public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body, string? Authorization);

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks enough of Elasticsearch's REST API for the engine:
/// it records every request and answers with responses shaped like a real cluster's (ES 8.x/9.x), with
/// alias state, so the engine is exercised over a real HTTP exchange. Failures can be injected.
/// </summary>
public sealed class ElasticsearchContractServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, HashSet<string>> _aliases = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, string Body)> _failures = new();

    private ElasticsearchContractServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>What the next <c>_search</c> returns (defaults to <see cref="SearchResponse"/>).</summary>
    public string? NextSearchResponse { get; set; }

    /// <summary>The next request(s) answer with this status and body, whatever they are.</summary>
    public void FailNext(int status, string body, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue((status, body));
        }
    }

    public static async Task<ElasticsearchContractServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ElasticsearchContractServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        // The official client gzips request bodies (its default); a cluster inflates them, so does this server.
        Stream content = request.Headers.ContentEncoding.ToString() == "gzip"
            ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress)
            : request.Body;
        using var reader = new StreamReader(content);
        var body = await reader.ReadToEndAsync();
        var path = request.Path.Value!.Trim('/');
        Requests.Enqueue(new RecordedRequest(request.Method, "/" + path, request.QueryString.Value ?? "", request.ContentType, body,
            request.Headers.Authorization.ToString()));

        var (status, response) = _failures.TryDequeue(out var failure) ? failure : Answer(request.Method, path, body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Real clusters send it; the official client refuses a server without it.
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        await context.Response.WriteAsync(response);
    }

    private (int, string) Answer(string method, string path, string body)
    {
        var segments = path.Split('/');
        switch (method, segments)
        {
            case ("PUT", ["_index_template", _]):
                return (200, """{"acknowledged":true}""");
            case ("GET", ["_alias", var alias]):
                var indices = _aliases.Where(a => a.Value.Contains(alias)).Select(a => a.Key).ToList();
                return indices.Count == 0
                    ? (404, $$"""{"error":"alias [{{alias}}] missing","status":404}""")
                    : (200, new JsonObject(indices.Select(i => KeyValuePair.Create(i, (JsonNode?)new JsonObject
                    {
                        ["aliases"] = new JsonObject { [alias] = new JsonObject() },
                    }))).ToJsonString());
            case ("PUT", [var index]):
                var created = _aliases.GetOrAdd(index, _ => []);
                if (body.Length > 0 && JsonNode.Parse(body)?["aliases"] is JsonObject aliases)
                {
                    foreach (var a in aliases)
                    {
                        created.Add(a.Key);
                    }
                }

                return (200, $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{index}}"}""");
            case ("DELETE", [var index]):
                return _aliases.TryRemove(index, out _)
                    ? (200, """{"acknowledged":true}""")
                    : (404, $$"""{"error":{"root_cause":[],"type":"index_not_found_exception","reason":"no such index [{{index}}]"},"status":404}""");
            case ("POST", ["_aliases"]):
                foreach (var action in JsonNode.Parse(body)!["actions"]!.AsArray())
                {
                    var (name, spec) = action!.AsObject().First();
                    var set = _aliases.GetOrAdd(spec!["index"]!.GetValue<string>(), _ => []);
                    if (name == "add")
                    {
                        set.Add(spec["alias"]!.GetValue<string>());
                    }
                    else
                    {
                        set.Remove(spec["alias"]!.GetValue<string>());
                    }
                }

                return (200, """{"acknowledged":true,"errors":false}""");
            case ("PUT", [_, "_settings"]):
                return (200, """{"acknowledged":true}""");
            case ("POST", [_, "_refresh"]):
                return (200, """{"_shards":{"total":1,"successful":1,"failed":0}}""");
            case ("POST", [var index, "_bulk"]):
                return (200, BulkResponse(index, body));
            case ("POST", [_, "_search"]):
                return (200, NextSearchResponse ?? SearchResponse);
            default:
                return (400, $$"""{"error":{"root_cause":[],"type":"illegal_argument_exception","reason":"unexpected {{method}} /{{path}}"},"status":400}""");
        }
    }

    /// <summary>One item per action; a document whose trackingCode is "FAIL" is rejected like a mapping error.</summary>
    private static string BulkResponse(string index, string ndjson)
    {
        var items = new JsonArray();
        var errors = false;
        var lines = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var (action, meta) = JsonNode.Parse(lines[i])!.AsObject().First();
            var id = meta!["_id"]!.GetValue<string>();
            JsonObject item;
            if (action == "delete")
            {
                item = new JsonObject { ["_index"] = index, ["_id"] = id, ["_version"] = 2, ["result"] = "deleted", ["status"] = 200 };
            }
            else
            {
                var source = JsonNode.Parse(lines[++i])!;
                if (source["trackingCode"]?.GetValue<string>() == "FAIL")
                {
                    errors = true;
                    item = new JsonObject
                    {
                        ["_index"] = index, ["_id"] = id, ["status"] = 400,
                        ["error"] = new JsonObject { ["type"] = "document_parsing_exception", ["reason"] = "[1:2] failed to parse field [deadline]" },
                    };
                }
                else
                {
                    item = new JsonObject { ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["result"] = "created", ["status"] = 201 };
                }
            }

            items.Add(new JsonObject { [action] = item });
        }

        return new JsonObject { ["took"] = 3, ["errors"] = errors, ["items"] = items }.ToJsonString();
    }

    public const string SearchResponse = """
        {"took":4,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
         "hits":{"total":{"value":42,"relation":"eq"},"max_score":3.2,"hits":[
           {"_index":"fp-v1","_id":"PA-26-7K3M-Q9XW","_score":3.2,
            "_source":{"trackingCode":"PA-26-7K3M-Q9XW","submissionId":"6f1c2d4e-2a0b-4c55-9d1e-1b2c3d4e5f60","kind":"feedback",
              "title":"Chuyển đổi số","content":"Dịch vụ công trực tuyến","answer":null,"field":"the-che-chinh-sach","system":null,
              "agency":"bo-khcn","locality":null,"status":"in_progress","submittedAt":"2026-11-01T02:00:00.000Z",
              "updatedAt":"2026-11-02T02:00:00.000Z","deadline":"2026-11-20T10:00:00.000Z","overdue":false,
              "assigneeId":"u1","assigneeName":"Nguyễn Văn An","published":true,"satisfaction":null},
            "highlight":{"content":["Dịch vụ công <mark>trực tuyến</mark>"]}}]},
         "aggregations":{
           "status":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"in_progress","doc_count":30},{"key":"answered","doc_count":12}]},
           "field":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"the-che-chinh-sach","doc_count":42}]},
           "agency":{"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[{"key":"bo-khcn","doc_count":42}]}}}
        """;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
