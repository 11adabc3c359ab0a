using FeedbackPortal.Infrastructure.Portal;
using Microsoft.Extensions.Configuration;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>Settings under <c>Search:Elasticsearch</c>.</summary>
public sealed class ElasticsearchOptions
{
    public const string Section = "Search:Elasticsearch";

    /// <summary>Cluster URL; user info in it (http://user:pass@host:9200) is used as basic auth.</summary>
    public required Uri Url { get; init; }

    /// <summary>Every node the client may use (Url first); <c>Url</c> may list several, comma-separated.</summary>
    public IReadOnlyList<Uri> Nodes { get => field ?? [Url]; init; }

    /// <summary>SHA-256 fingerprint of the cluster's CA (or HTTP) certificate, for self-signed clusters.</summary>
    public string? CertificateFingerprint { get; init; }

    public string? ApiKey { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>Alias and template name; indices are <c>&lt;prefix&gt;-v&lt;timestamp&gt;</c>.</summary>
    public string IndexPrefix { get; init; } = "feedbackportal";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt on 429/502/503/504, timeouts and connection errors.</summary>
    public int MaxRetries { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The <c>refresh</c> parameter of writes: false (default, near-real-time), true or wait_for.</summary>
    public string Refresh { get; init; } = "false";

    /// <summary>
    /// Tests only: the transport's request invoker instead of HTTP (the client library's own
    /// InMemoryRequestInvoker), and a look at every call as the client made it.
    /// </summary>
    internal Elastic.Transport.IRequestInvoker? RequestInvoker { get; init; }

    internal Action<Elastic.Transport.ApiCallDetails>? OnRequestCompleted { get; init; }

    /// <summary>The same cluster and settings for the public index: its own alias, template and indices (<c>&lt;prefix&gt;-public</c>).</summary>
    public ElasticsearchOptions ForPublicIndex() => new()
    {
        Url = Url,
        ApiKey = ApiKey,
        Username = Username,
        Password = Password,
        IndexPrefix = IndexPrefix + "-public",
        Timeout = Timeout,
        MaxRetries = MaxRetries,
        RetryBaseDelay = RetryBaseDelay,
        Refresh = Refresh,
    };

    public static ElasticsearchOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var url = section["Url"];
        var nodes = new List<Uri>();
        foreach (var part in (url ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var node) || (node.Scheme != Uri.UriSchemeHttp && node.Scheme != Uri.UriSchemeHttps))
            {
                nodes.Clear();
                break;
            }

            nodes.Add(node);
        }

        if (nodes.Count == 0)
        {
            throw new PortalConfigurationException(
                $"{Section}:Url must be one or more absolute http(s) URLs (comma-separated) when Search:Engine is Elasticsearch (got '{url}').");
        }

        var uri = nodes[0];

        var prefix = section["IndexPrefix"] is { Length: > 0 } p ? p : "feedbackportal";
        if (prefix.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')))
        {
            throw new PortalConfigurationException($"{Section}:IndexPrefix '{prefix}' must be lower-case letters, digits, '-' or '_'.");
        }

        var refresh = section["Refresh"] is { Length: > 0 } r ? r : "false";
        if (refresh is not ("false" or "true" or "wait_for"))
        {
            throw new PortalConfigurationException($"{Section}:Refresh must be false, true or wait_for (got '{refresh}').");
        }

        return new ElasticsearchOptions
        {
            Url = uri,
            Nodes = nodes,
            CertificateFingerprint = section["CertificateFingerprint"] is { Length: > 0 } f ? f : null,
            ApiKey = section["ApiKey"] is { Length: > 0 } k ? k : null,
            Username = section["Username"] is { Length: > 0 } u ? u : null,
            Password = section["Password"],
            IndexPrefix = prefix,
            Refresh = refresh,
            Timeout = int.TryParse(section["TimeoutSeconds"], out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.FromSeconds(10),
            MaxRetries = int.TryParse(section["MaxRetries"], out var m) && m >= 0 ? m : 3,
        };
    }
}

/// <summary>Elasticsearch answered with an error (after retries): status, and ES's error type and reason.</summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException(int statusCode, string? errorType, string? reason, string request)
        : base($"Elasticsearch {request} failed: HTTP {statusCode} {errorType}: {reason}")
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        Reason = reason;
    }

    public ElasticsearchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message) : base(message)
    {
    }

    public int StatusCode { get; }
    public string? ErrorType { get; }
    public string? Reason { get; }
}
