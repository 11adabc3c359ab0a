using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Hosting;

public enum PortalApp
{
    Web,
    Worker,
}

/// <summary>
/// A real FeedbackPortal.Web or FeedbackPortal.Worker process (<c>dotnet FeedbackPortal.X.dll</c>),
/// configured only by environment variables like a container, listening on a free loopback port.
/// Crash tests kill it with SIGKILL and start another on the same data directory and database.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string? _ownedDataDirectory;

    private PortalProcess(PortalApp app, Process process, Uri address, string? ownedDataDirectory)
    {
        App = app;
        _process = process;
        HealthAddress = address;
        _ownedDataDirectory = ownedDataDirectory;
    }

    public PortalApp App { get; }

    /// <summary>The process's HTTP address (the whole portal for the web host, only /health/* for a worker).</summary>
    public Uri HealthAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process logged, for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(60));

    /// <summary>Every line kept (the last 2000).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public static string WorkerAssembly => AppAssembly(PortalApp.Worker);

    public static string AppAssembly(PortalApp app)
    {
        // Same configuration as the test assembly: tests/X/bin/<Configuration>/net10.0/.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var name = "FeedbackPortal." + app;
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "src", name, "bin", configuration, testBin.Name, name + ".dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution (the test project builds it as a reference).");
    }

    /// <summary>Starts a worker on the web host's PostgreSQL database and RabbitMQ virtual host.</summary>
    public static PortalProcess StartWorker(PortalHost web, IDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(web);
        if (web.Database is null || web.Rabbit is null)
        {
            throw new InvalidOperationException("The worker process needs the web host's PostgreSQL database and RabbitMQ virtual host.");
        }

        return StartWorker(web.Database, web.Rabbit, settings);
    }

    /// <summary>Starts a worker on a PostgreSQL database and RabbitMQ virtual host of its own.</summary>
    public static PortalProcess StartWorker(PostgresDatabase database, RabbitVirtualHost rabbit, IDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rabbit);
        return StartWorker(database.ConnectionString, rabbit.AmqpUri, settings);
    }

    /// <summary>Starts a worker on PostgreSQL and RabbitMQ given by connection strings.</summary>
    public static PortalProcess StartWorker(string postgres, string amqpUri, IDictionary<string, string>? settings = null,
        string? dataDirectory = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = postgres,
            ["Messaging__Transport"] = "RabbitMq",
            ["ConnectionStrings__RabbitMq"] = amqpUri,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Start(PortalApp.Worker, environment, dataDirectory);
    }

    /// <summary>
    /// Starts an embedded-profile worker (SQLite file in <paramref name="dataDirectory"/>, in-memory bus):
    /// several of them on one directory are the one-host set-up of docs/operations.md. The caller owns the directory.
    /// </summary>
    public static PortalProcess StartEmbedded(string dataDirectory, IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["Messaging__Transport"] = "InMemory",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Start(PortalApp.Worker, environment, dataDirectory);
    }

    /// <summary>
    /// Starts an app. <paramref name="dataDirectory"/> null: a fresh one, deleted with the process;
    /// otherwise the caller's (embedded state that outlives a killed process).
    /// </summary>
    public static PortalProcess Start(PortalApp app, IDictionary<string, string> settings, string? dataDirectory, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        port ??= FreePort();
        var owned = dataDirectory is null ? Path.Combine(Path.GetTempPath(), "fp-process-" + Guid.NewGuid().ToString("N")[..12]) : null;
        var assembly = AppAssembly(app);
        var start = new ProcessStartInfo(DotnetHost(), [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__FeedbackPortal"] = "Information",
            ["Portal__DataDirectory"] = dataDirectory ?? owned!,
            ["Portal__PublicBaseUrl"] = "http://localhost",
            ["Outbox__PollIntervalMilliseconds"] = "200",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // ASPNETCORE_URLS above decides the listener; an inherited port list would only add a warning.
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var portal = new PortalProcess(app, process, new Uri($"http://127.0.0.1:{port}"), owned);
        process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return portal;
    }

    /// <summary>A client of this process (the web host's API; a worker answers only /health/*).</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new() { BaseAddress = HealthAddress, Timeout = timeout ?? Patience.Request };

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = HealthAddress, Timeout = Patience.Request };
        return await http.GetAsync(path);
    }

    /// <summary>Waits until /health/ready answers 200 (database migrated, bus started).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The {App} process exited with code {_process.ExitCode}.");
                }

                try
                {
                    using var response = await GetAsync("/health/ready");
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false; // not listening yet, or too busy to answer this probe in time
                }
            }, timeout ?? Patience.Startup, $"{App} process {Id} to be ready");
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{App} output:\n{RecentOutput}", ex);
        }
    }

    /// <summary>Kills the process outright (SIGKILL): no graceful shutdown, leases and unacked messages left behind.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_ownedDataDirectory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_ownedDataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
