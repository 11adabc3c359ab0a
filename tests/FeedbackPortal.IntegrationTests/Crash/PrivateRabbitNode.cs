using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Net.Sockets;
using FeedbackPortal.IntegrationTests.Hosting;
using FeedbackPortal.Testing;
using RabbitMQ.Client;

namespace FeedbackPortal.IntegrationTests.Crash;

/// <summary>
/// A RabbitMQ node of the test's own — own node name, AMQP and distribution ports, data and log
/// folders, only the management plugin (on a port of its own) — so a test can stop and restart a broker without touching the shared one
/// other tests (and other people) use. Debian's rabbitmq-server run in the foreground as a child
/// process; killing its process tree is a broker crash.
/// </summary>
public sealed class PrivateRabbitNode : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _name;
    private Process? _process;

    private PrivateRabbitNode(string directory, string name, int port, int distributionPort, int managementPort)
    {
        _directory = directory;
        _name = name;
        Port = port;
        DistributionPort = distributionPort;
        ManagementPort = managementPort;
    }

    public int Port { get; }
    public int DistributionPort { get; }
    public int ManagementPort { get; }

    public string AmqpUri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<PrivateRabbitNode> StartAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var directory = Path.Combine(Path.GetTempPath(), "fp-rabbit-" + id);
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[rabbitmq_management].");
        var node = new PrivateRabbitNode(directory, $"fp-test-{id}@localhost", PortalProcess.FreePort(), PortalProcess.FreePort(),
            PortalProcess.FreePort());
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq.conf"),
            $"management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = {node.ManagementPort}\n");
        await node.RestartAsync();
        return node;
    }

    /// <summary>Starts the node (again, on the same data) and waits until it accepts AMQP connections.</summary>
    public async Task RestartAsync()
    {
        var server = Server();
        var start = new ProcessStartInfo(server)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["RABBITMQ_NODENAME"] = _name;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "pid");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The private RabbitMQ node exited with code {_process.ExitCode}; see {_directory}/log.");
            }

            try
            {
                var factory = new ConnectionFactory { Uri = new Uri(AmqpUri) };
                await using var connection = await factory.CreateConnectionAsync();
                return connection.IsOpen;
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or SocketException or IOException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(180), "the private RabbitMQ node to accept connections");
    }

    /// <summary>
    /// Consumers per queue of the default virtual host, as the node's management API reports them.
    /// Null while the management listener is not up yet.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>?> ConsumersAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}/"), Timeout = Patience.Request };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("guest:guest")));
        try
        {
            var queues = await http.GetFromJsonAsync<JsonElement[]>("api/queues/%2F?columns=name,consumers");
            return (queues ?? []).ToDictionary(q => q.GetProperty("name").GetString()!,
                q => q.TryGetProperty("consumers", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Kills the node (its whole process tree): a broker crash. Durable queues and confirmed messages survive.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The server script itself, not Debian's wrapper (which would switch to the shared node's user and cookie).</summary>
    private static string Server()
    {
        var lib = "/usr/lib/rabbitmq/lib";
        var dir = Directory.Exists(lib) ? Directory.GetDirectories(lib, "rabbitmq_server-*").OrderDescending().FirstOrDefault() : null;
        var path = dir is null ? null : Path.Combine(dir, "sbin", "rabbitmq-server");
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException("rabbitmq-server is not installed (bash tests/run-all.sh installs it).");
    }
}
