using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>python3-aiosmtpd started by the test (Intake/smtp_sink.py), writing what it receives to a folder.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpSink(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }
    public string Folder { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        if (!File.Exists(TestEnvironment.Python))
        {
            throw new InvalidOperationException($"Python not found at {TestEnvironment.Python} (FP_TEST_PYTHON); the receipt test needs python3 with aiosmtpd.");
        }

        var port = FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "fp-smtp-" + Guid.NewGuid().ToString("N")[..8]);
        var script = Path.Combine(AppContext.BaseDirectory, "Intake", "smtp_sink.py");
        var process = Process.Start(new ProcessStartInfo(TestEnvironment.Python)
        {
            ArgumentList = { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience.Startup);
        if (ready != "READY")
        {
            var error = await process.StandardError.ReadToEndAsync();
            throw new InvalidOperationException($"aiosmtpd did not start (is python3-aiosmtpd installed?): {error}");
        }

        return new SmtpSink(process, port, folder);
    }

    public Task<JsonElement> WaitForMessageAsync(Func<JsonElement, bool> match, TimeSpan timeout) =>
        Eventually.UntilAsync(() => Task.FromResult(Messages().FirstOrDefault(match)),
            m => m.ValueKind == JsonValueKind.Object, timeout, "a message to reach the SMTP server");

    public IEnumerable<JsonElement> Messages() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone()).ToList()
            : [];

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
            await Task.CompletedTask;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
