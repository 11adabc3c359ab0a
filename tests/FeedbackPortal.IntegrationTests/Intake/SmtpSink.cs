using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>How the sink secures its port: plain, STARTTLS required, or implicit TLS (SMTPS).</summary>
public enum SinkTls
{
    None,
    StartTls,
    Implicit,
}

/// <summary>
/// python3-aiosmtpd started by the test (Intake/smtp_sink.py), writing what it receives to a folder.
/// With TLS it serves a self-signed certificate for localhost/127.0.0.1 made for this run
/// (<see cref="CertificatePath"/>, to be trusted by the client); with credentials it requires AUTH.
/// </summary>
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

    /// <summary>The server certificate (PEM) when TLS is on.</summary>
    public string CertificatePath => Path.Combine(Folder, "cert.pem");

    /// <summary>Recipients refused with 550 (addresses starting with "bounce"), one line per attempt.</summary>
    public IReadOnlyList<string> Rejected()
    {
        var log = Path.Combine(Folder, "rejected.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    public static async Task<SmtpSink> StartAsync(SinkTls tls = SinkTls.None, string? credentials = null)
    {
        if (!File.Exists(TestEnvironment.Python))
        {
            throw new InvalidOperationException($"Python not found at {TestEnvironment.Python} (FP_TEST_PYTHON); the receipt test needs python3 with aiosmtpd.");
        }

        var port = FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "fp-smtp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var script = Path.Combine(AppContext.BaseDirectory, "Intake", "smtp_sink.py");
        var start = new ProcessStartInfo(TestEnvironment.Python)
        {
            ArgumentList = { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (tls != SinkTls.None)
        {
            var (cert, key) = WriteSelfSignedCertificate(folder);
            foreach (var arg in new[] { "--tls-cert", cert, "--tls-key", key, "--mode", tls == SinkTls.Implicit ? "implicit" : "starttls" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        if (credentials is not null)
        {
            start.ArgumentList.Add("--auth");
            start.ArgumentList.Add(credentials);
        }

        var process = Process.Start(start)!;
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
            ? Directory.EnumerateFiles(Folder, "*.json").Order().Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone()).ToList()
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

    /// <summary>A throw-away certificate for localhost and 127.0.0.1, valid for a day.</summary>
    private static (string Cert, string Key) WriteSelfSignedCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(folder, "cert.pem");
        var keyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
