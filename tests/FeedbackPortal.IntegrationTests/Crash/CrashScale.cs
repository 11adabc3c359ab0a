using System.Globalization;
using Xunit.Abstractions;

namespace FeedbackPortal.IntegrationTests.Crash;

/// <summary>
/// How hard a crash scenario pushes. The test suite runs them small; deploy/chaos/run.sh runs the
/// same tests large through FP_CHAOS_* variables and collects their result lines.
/// </summary>
public sealed record CrashScale(int Clients, TimeSpan Pause, TimeSpan Load, int Kills, TimeSpan BrokerDown, TimeSpan DrainLimit,
    int MaxSubmissions, string? ResultsFile)
{
    public static CrashScale FromEnvironment() => new(
        Number("FP_CHAOS_CLIENTS", 4),
        TimeSpan.FromMilliseconds(Number("FP_CHAOS_CLIENT_PAUSE_MS", 500)),
        TimeSpan.FromSeconds(Number("FP_CHAOS_LOAD_SECONDS", 8)),
        Number("FP_CHAOS_KILLS", 1),
        TimeSpan.FromSeconds(Number("FP_CHAOS_BROKER_DOWN_SECONDS", 30)),
        // A ceiling, not a wait: the drain normally takes seconds; a busy 2-core machine may need minutes.
        TimeSpan.FromSeconds(Number("FP_CHAOS_DRAIN_LIMIT_SECONDS", 300)),
        // Bounded work: however the machine performs, at most this many cases must drain.
        Number("FP_CHAOS_MAX_SUBMISSIONS", 150),
        Environment.GetEnvironmentVariable("FP_CHAOS_RESULTS") is { Length: > 0 } file ? file : null);

    /// <summary>How long each phase of the load lasts: the load is cut by the kills into equal parts.</summary>
    public TimeSpan Phase => Load / (Kills + 1);

    /// <summary>Prints the scenario's line and appends it to FP_CHAOS_RESULTS when set.</summary>
    public void Report(string line, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(line);
        if (ResultsFile is not null)
        {
            File.AppendAllLines(ResultsFile, [line]);
        }
    }

    private static int Number(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}
