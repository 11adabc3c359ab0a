namespace FeedbackPortal.Testing;

/// <summary>
/// Where the real services for tests are. tests/run-all.sh installs, starts and exports them; the
/// defaults match what it starts, so a developer's machine with the same services just works.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres =>
        Environment.GetEnvironmentVariable("FP_TEST_POSTGRES") is { Length: > 0 } v
            ? v
            : "Host=127.0.0.1;Port=5432;Username=portal;Password=portal";

    public static string RabbitMq =>
        Environment.GetEnvironmentVariable("FP_TEST_RABBITMQ") is { Length: > 0 } v ? v : "amqp://guest:guest@127.0.0.1:5672/";

    public static Uri RabbitMqManagement =>
        new(Environment.GetEnvironmentVariable("FP_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } v ? v : "http://127.0.0.1:15672");

    public static string Chromium =>
        Environment.GetEnvironmentVariable("FP_TEST_CHROMIUM") is { Length: > 0 } v ? v : "/usr/bin/chromium";

    public static string Python =>
        Environment.GetEnvironmentVariable("FP_TEST_PYTHON") is { Length: > 0 } v ? v : "/usr/bin/python3";

    /// <summary>Set to run the search conformance suite against a live Elasticsearch too.</summary>
    public static string? ElasticsearchUrl => Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is { Length: > 0 } v ? v : null;

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FeedbackPortal.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Repository root (FeedbackPortal.sln) not found.");
        }
    }
}
