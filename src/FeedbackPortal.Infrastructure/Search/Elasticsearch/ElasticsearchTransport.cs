using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The REST calls: auth, a per-attempt timeout, retries with exponential back-off and jitter on
/// 429/502/503/504, timeouts and connection errors (every request we send is idempotent), and
/// non-2xx answers turned into <see cref="ElasticsearchException"/> with ES's error type and reason.
/// </summary>
public sealed class ElasticsearchTransport : IDisposable
{
    private static readonly HashSet<HttpStatusCode> Retryable =
        [HttpStatusCode.TooManyRequests, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout];

    private readonly HttpClient _http;
    private readonly ElasticsearchOptions _options;

    public ElasticsearchTransport(ElasticsearchOptions options)
    {
        _options = options;
        var builder = new UriBuilder(options.Url) { UserName = "", Password = "" };
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = builder.Uri,
            Timeout = Timeout.InfiniteTimeSpan, // per attempt, below
        };
        if (options.ApiKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }
        else if (Credentials(options) is { } basic)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
    }

    private static string? Credentials(ElasticsearchOptions options)
    {
        if (options.Username is { } user)
        {
            return user + ":" + options.Password;
        }

        return options.Url.UserInfo is { Length: > 0 } info ? Uri.UnescapeDataString(info) : null;
    }

    /// <summary>Sends a request; returns the parsed body, or null for 404 when <paramref name="allowNotFound"/>.</summary>
    public async Task<JsonDocument?> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct,
        bool allowNotFound = false, string contentType = "application/json")
    {
        var request = $"{method} /{path.TrimStart('/')}";
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                using var message = new HttpRequestMessage(method, path.TrimStart('/'));
                if (body is not null)
                {
                    message.Content = new StringContent(body, Encoding.UTF8);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
                }

                using var response = await _http.SendAsync(message, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return text.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(text);
                }

                if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (Retryable.Contains(response.StatusCode) && attempt < _options.MaxRetries)
                {
                    await DelayAsync(attempt, response.Headers.RetryAfter?.Delta, ct);
                    continue;
                }

                var (type, reason) = ParseError(text);
                throw new ElasticsearchException((int)response.StatusCode, type, reason, request);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                if (attempt >= _options.MaxRetries)
                {
                    throw new ElasticsearchException($"Elasticsearch {request} failed after {attempt + 1} attempts: {e.Message}", e);
                }

                await DelayAsync(attempt, null, ct);
            }
        }
    }

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

    public void Dispose() => _http.Dispose();
}
