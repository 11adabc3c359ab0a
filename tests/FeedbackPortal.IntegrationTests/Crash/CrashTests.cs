using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.IntegrationTests.Hosting;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FeedbackPortal.IntegrationTests.Crash;

/// <summary>
/// The core guarantee, proven by real crashes: every case the portal acknowledged (201) reaches its
/// end state — routed, delivered to its agency, indexed, its receipt sent once — after a kill -9
/// (SIGKILL of the real Web or Worker process) at any moment, or a broker crash, on both profiles.
/// Small here; deploy/chaos/run.sh runs the same scenarios for minutes (FP_CHAOS_* variables).
/// </summary>
[Trait("Category", "Crash")]
public sealed partial class CrashTests(ITestOutputHelper output)
{
    private readonly CrashScale _scale = CrashScale.FromEnvironment();

    [Fact]
    public async Task Embedded_web_killed_during_intake_still_brings_every_acknowledged_case_to_its_end_state()
    {
        var data = Path.Combine(Path.GetTempPath(), "fp-crash-" + Guid.NewGuid().ToString("N")[..12]);
        var port = PortalProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            // Development: the demo partner API key is seeded and rate limits are off, so the load gets through.
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Captcha__Provider"] = "None",
            ["Outbox__LeaseSeconds"] = "10",
        };
        var web = PortalProcess.Start(PortalApp.Web, settings, data, port);
        try
        {
            await web.WaitUntilReadyAsync();
            await using var load = IntakeLoad.Start(() => web.CreateClient(), _scale.Clients, _scale.Pause, _scale.MaxSubmissions);
            for (var kill = 1; kill <= _scale.Kills; kill++)
            {
                await NextPhaseAsync(load);
                await web.KillAsync(); // SIGKILL mid-intake: requests in flight, outbox rows claimed, messages in memory
                await web.DisposeAsync();
                web = PortalProcess.Start(PortalApp.Web, settings, data, port);
                await web.WaitUntilReadyAsync();
            }

            await NextPhaseAsync(load);
            await load.StopAsync();

            var options = new DbContextOptionsBuilder<PortalDbContext>();
            DatabaseRegistration.Configure(options, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(data, "portal.db")};Pooling=False");
            var end = new EndState(() => new PortalDbContext(options.Options), new EmbeddedSearchIndex(Path.Combine(data, "search")),
                Path.Combine(data, "mail"));
            var (report, drain) = await end.WaitForDrainAsync(load.Codes, _scale.DrainLimit);
            _scale.Report(report.Line("embedded, web killed during intake", drain, $"kills={_scale.Kills} failedRequests={load.Failed}"), output);
            AssertGuarantee(report, web);
        }
        finally
        {
            await web.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TryDelete(data);
        }
    }

    /// <summary>Runs the load for one phase, and at least until a few cases were acknowledged in it.</summary>
    private async Task NextPhaseAsync(IntakeLoad load)
    {
        var before = load.Acknowledged;
        await Task.Delay(_scale.Phase); // the kill lands at an arbitrary moment of the load
        // Once the load reached its bound, the phase asks for no more acknowledgements.
        await load.WaitForAcknowledgedAsync(Math.Min(before + 5, _scale.MaxSubmissions), Patience.Startup, "the portal to acknowledge submissions");
    }

    internal static void AssertGuarantee(EndStateReport report, PortalProcess? process)
    {
        var context = $"{report}\n{(process is null ? "" : process.RecentOutput)}";
        Assert.True(report.Acknowledged > 0, context);
        Assert.True(report.Stranded == 0, "stranded: " + context);
        Assert.True(report.Duplicated == 0, "duplicated: " + context);
        Assert.True(report.Receipts == report.Stored, "receipts: " + context);
        Assert.True(report.Indexed >= report.Stored, "indexed: " + context);
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
