using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Serialization;
using Elastic.Transport;
using Elastic.Transport.Extensions;
using Elastic.Transport.Products.Elasticsearch;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The REST calls, through the official client's transport (Elastic.Clients.Elasticsearch 9 /
/// Elastic.Transport): its node pool (fail-over between the nodes of <c>Search:Elasticsearch:Url</c>),
/// its authentication (API key, basic, CA fingerprint), its per-request timeout and the
/// <c>compatible-with=9</c> headers. Kept here: retries of the same node on 429/502/503/504,
/// timeouts and connection errors with back-off and jitter (the transport only fails over to
/// another node, so a one-node cluster would get no retry), and non-2xx answers turned into
/// <see cref="ElasticsearchException"/> with ES's error type and reason.
/// </summary>
public sealed class ElasticsearchTransport : IDisposable
{
    private static readonly HashSet<int> Retryable = [429, 502, 503, 504];

    private readonly ElasticsearchOptions _options;

    public ElasticsearchTransport(ElasticsearchOptions options)
    {
        _options = options;
        var nodes = options.Nodes.Select(u => new UriBuilder(u) { UserName = "", Password = "" }.Uri).ToList();
        NodePool pool = nodes.Count == 1 ? new SingleNodePool(nodes[0]) : new StaticNodePool(nodes);
        // Documents (_bulk sources) keep Vietnamese as readable UTF-8 rather than \u escapes, like every other body.
        var settings = new ElasticsearchClientSettings(pool, options.RequestInvoker ?? new HttpRequestInvoker(),
                (_, values) => new DefaultSourceSerializer(values, o => o.Encoder = ElasticsearchDocument.Json.Encoder))
            .RequestTimeout(options.Timeout)
            .MaximumRetries(nodes.Count - 1); // fail-over: each other node once per attempt
        if (options.ApiKey is { } key)
        {
            settings.Authentication(new ApiKey(key));
        }
        else if (Credentials(options) is { } basic)
        {
            settings.Authentication(new BasicAuthentication(basic.User, basic.Password));
        }

        if (options.OnRequestCompleted is { } observe)
        {
            // The request bodies are kept for the observer.
            settings.DisableDirectStreaming().OnRequestCompleted(observe);
        }

        if (options.CertificateFingerprint is { } fingerprint)
        {
            settings.CertificateFingerprint(fingerprint);
        }

        Client = new ElasticsearchClient(settings);
    }

    /// <summary>The official client, configured as above.</summary>
    public ElasticsearchClient Client { get; }

    private static (string User, string Password)? Credentials(ElasticsearchOptions options)
    {
        if (options.Username is { } user)
        {
            return (user, options.Password ?? "");
        }

        if (options.Url.UserInfo is not { Length: > 0 } info)
        {
            return null;
        }

        var parts = info.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    /// <summary>
    /// The body of one of the official client's typed requests, written by the client's own serializer
    /// (index creation, settings, the alias swap); sent through <see cref="SendAsync"/> for its retries.
    /// </summary>
    public string Body<TRequest>(TRequest request) => Client.RequestResponseSerializer.SerializeToString(request);

    /// <summary>Sends a request; returns the parsed body, or null for 404 when <paramref name="allowNotFound"/>.</summary>
    public async Task<JsonDocument?> SendAsync(System.Net.Http.HttpMethod method, string path, string? body, CancellationToken ct,
        bool allowNotFound = false)
    {
        var response = await RetryAsync($"{method} /{path.TrimStart('/')}",
            token => Client.Transport.RequestAsync<StringResponse>(Map(method), "/" + path.TrimStart('/'),
                body is null ? null : PostData.String(body), new RequestConfiguration(), token),
            r => ParseError(r.Body ?? ""), allowNotFound, ct);
        return response is null ? null
            : string.IsNullOrEmpty(response.Body) ? JsonDocument.Parse("{}") : JsonDocument.Parse(response.Body);
    }

    /// <summary>
    /// One of the official client's typed calls (the client serializes, and for <c>_bulk</c> streams, the
    /// body itself) inside the same-node retry loop; a non-2xx answer throws with ES's error type and reason.
    /// </summary>
    public async Task<TResponse> CallAsync<TResponse>(string request, Func<CancellationToken, Task<TResponse>> call, CancellationToken ct)
        where TResponse : ElasticsearchResponse =>
        (await RetryAsync(request, call, r => r.ElasticsearchServerError?.Error is { } e ? (e.Type, e.Reason) : (null, r.ApiCallDetails.OriginalException?.Message),
            false, ct))!;

    private async Task<TResponse?> RetryAsync<TResponse>(string request, Func<CancellationToken, Task<TResponse>> call,
        Func<TResponse, (string? Type, string? Reason)> error, bool allowNotFound, CancellationToken ct)
        where TResponse : TransportResponse
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await call(ct);
            ct.ThrowIfCancellationRequested();
            var details = response.ApiCallDetails;
            if (details.HasSuccessfulStatusCode)
            {
                return response;
            }

            if (details.HttpStatusCode is not { } status)
            {
                // No answer: connection refused, timeout.
                if (attempt >= _options.MaxRetries)
                {
                    throw new ElasticsearchException(
                        $"Elasticsearch {request} failed after {attempt + 1} attempts: {details.OriginalException?.Message}", details.OriginalException!);
                }

                await DelayAsync(attempt, null, ct);
                continue;
            }

            if (allowNotFound && status == 404)
            {
                return null;
            }

            if (Retryable.Contains(status) && attempt < _options.MaxRetries)
            {
                await DelayAsync(attempt, RetryAfter(details), ct);
                continue;
            }

            var (type, reason) = error(response);
            throw new ElasticsearchException(status, type, reason, request);
        }
    }

    private static Elastic.Transport.HttpMethod Map(System.Net.Http.HttpMethod method) => method.Method switch
    {
        "GET" => Elastic.Transport.HttpMethod.GET,
        "PUT" => Elastic.Transport.HttpMethod.PUT,
        "POST" => Elastic.Transport.HttpMethod.POST,
        "DELETE" => Elastic.Transport.HttpMethod.DELETE,
        "HEAD" => Elastic.Transport.HttpMethod.HEAD,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method.Method, "Not an Elasticsearch method."),
    };

    private static TimeSpan? RetryAfter(ApiCallDetails details) =>
        details.TryGetHeader("Retry-After", out var values) && int.TryParse(values.FirstOrDefault(), out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private Task DelayAsync(int attempt, TimeSpan? retryAfter, CancellationToken ct)
    {
        var backoff = _options.RetryBaseDelay * Math.Pow(2, attempt);
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, _options.RetryBaseDelay.TotalMilliseconds)));
        var delay = retryAfter is { } ra && ra < TimeSpan.FromSeconds(30) ? ra : backoff + jitter;
        return Task.Delay(delay, ct);
    }

    /// <summary>ES errors: <c>{"error":{"type":..,"reason":..},"status":..}</c>, or a bare string.</summary>
    internal static (string? Type, string? Reason) ParseError(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object
                    ? (Str(error, "type"), Str(error, "reason"))
                    : (null, error.ToString());
            }
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page): report the start of it
        }

        return (null, text.Length > 300 ? text[..300] : text);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public void Dispose() => (Client.Transport as IDisposable)?.Dispose();
}
