using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FeedbackPortal.Testing;

/// <summary>
/// A throw-away RabbitMQ virtual host, so each test host gets its own exchanges and queues and
/// tests can inspect them through the management API. Deleted at the end.
/// </summary>
public sealed class RabbitVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _http;

    private RabbitVirtualHost(string name, HttpClient http)
    {
        Name = name;
        _http = http;
        var broker = new UriBuilder(TestEnvironment.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) };
        AmqpUri = broker.Uri.ToString();
    }

    public string Name { get; }

    /// <summary>amqp://user:pass@host:port/&lt;vhost&gt; for ConnectionStrings:RabbitMq.</summary>
    public string AmqpUri { get; }

    public HttpClient Management => _http;

    public static async Task<RabbitVirtualHost> CreateAsync()
    {
        var name = "fp-test-" + Guid.NewGuid().ToString("N")[..12];
        var amqp = new Uri(TestEnvironment.RabbitMq);
        var user = Uri.UnescapeDataString(amqp.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(amqp.UserInfo.Split(':').ElementAtOrDefault(1) ?? "");
        var http = new HttpClient { BaseAddress = TestEnvironment.RabbitMqManagement, Timeout = Patience.Request };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        try
        {
            (await http.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(user)}",
                new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            http.Dispose();
            throw new InvalidOperationException(
                "RabbitMQ (with its management plugin) is needed for this test and is not reachable. Run the tests with " +
                $"`bash tests/run-all.sh` or set FP_TEST_RABBITMQ and FP_TEST_RABBITMQ_MANAGEMENT. ({ex.Message})", ex);
        }

        return new RabbitVirtualHost(name, http);
    }

    /// <summary>The queue as the management API describes it (durable, arguments, messages...), or null.</summary>
    public async Task<JsonElement?> QueueAsync(string queue)
    {
        var response = await _http.GetAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<IReadOnlyList<JsonElement>> QueuesAsync()
    {
        var list = await _http.GetFromJsonAsync<JsonElement[]>($"api/queues/{Uri.EscapeDataString(Name)}");
        return list ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
        finally
        {
            _http.Dispose();
        }
    }
}
