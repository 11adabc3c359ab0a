using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>
/// A real FeedbackPortal.Worker process (<c>dotnet FeedbackPortal.Worker.dll</c>), configured only
/// by environment variables like a container, with its health listener on a free loopback port.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string? _dataDirectory;

    private WorkerProcess(Process process, Uri healthAddress, string? dataDirectory)
    {
        _process = process;
        HealthAddress = healthAddress;
        _dataDirectory = dataDirectory;
    }

    public Uri HealthAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the worker logged so far (the last 400 lines).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The last lines the worker logged, for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(60));

    public static string WorkerAssembly
    {
        get
        {
            // Same configuration as the test assembly: tests/X/bin/<Configuration>/net10.0/.
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var path = Path.Combine(TestEnvironment.RepositoryRoot, "src", "FeedbackPortal.Worker", "bin", configuration, testBin.Name, "FeedbackPortal.Worker.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} is missing: build the solution (the test project builds the worker as a reference).");
        }
    }

    /// <summary>Starts a worker on the web host's PostgreSQL database and RabbitMQ virtual host.</summary>
    public static WorkerProcess Start(PortalHost web, IDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(web);
        if (web.Database is null || web.Rabbit is null)
        {
            throw new InvalidOperationException("The worker process needs the web host's PostgreSQL database and RabbitMQ virtual host.");
        }

        return Start(web.Database, web.Rabbit, settings);
    }

    /// <summary>Starts a worker on a PostgreSQL database and RabbitMQ virtual host of its own.</summary>
    public static WorkerProcess Start(PostgresDatabase database, RabbitVirtualHost rabbit, IDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rabbit);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fp-worker-" + Guid.NewGuid().ToString("N")[..12]);
        var environment = new Dictionary<string, string>
        {
            ["Portal__DataDirectory"] = dataDirectory,
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Messaging__Transport"] = "RabbitMq",
            ["ConnectionStrings__RabbitMq"] = rabbit.AmqpUri,
        };
        return Launch(environment, settings, dataDirectory);
    }

    /// <summary>
    /// Starts an embedded-profile worker (SQLite file in <paramref name="dataDirectory"/>, in-memory bus):
    /// several of them on one directory are the one-host set-up of docs/operations.md. The caller owns the directory.
    /// </summary>
    public static WorkerProcess StartEmbedded(string dataDirectory, IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Portal__DataDirectory"] = dataDirectory,
            ["Database__Provider"] = "Sqlite",
            ["Messaging__Transport"] = "InMemory",
        };
        return Launch(environment, settings, ownDataDirectory: null);
    }

    private static WorkerProcess Launch(Dictionary<string, string> profile, IDictionary<string, string>? settings, string? ownDataDirectory)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost(), [WorkerAssembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WorkerAssembly)!,
        };
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__FeedbackPortal"] = "Information",
            ["Portal__PublicBaseUrl"] = "http://localhost",
            ["Outbox__PollIntervalMilliseconds"] = "200",
        };
        foreach (var (key, value) in profile.Concat(settings ?? new Dictionary<string, string>()))
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
        var worker = new WorkerProcess(process, new Uri($"http://127.0.0.1:{port}"), ownDataDirectory);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

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
                    throw new InvalidOperationException($"The worker exited with code {_process.ExitCode}.");
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
            }, timeout ?? Patience.Startup, $"worker {Id} to be ready");
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{ex.Message}\nWorker output:\n{RecentOutput}", ex);
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
        if (_dataDirectory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
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
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
