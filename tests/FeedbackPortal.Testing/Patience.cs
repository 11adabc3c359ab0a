using System.Globalization;

namespace FeedbackPortal.Testing;

/// <summary>
/// How long tests wait for something before failing. Every wait is on a condition (see
/// <see cref="Eventually"/>), so a ceiling costs nothing when things work; it only has to be far above
/// what a loaded two-core CI machine needs. FP_TEST_PATIENCE (a factor, default 1) stretches all of them.
/// </summary>
public static class Patience
{
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("FP_TEST_PATIENCE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0
            ? f
            : 1;

    /// <summary>Background work of a running portal: outbox → bus → consumer → database, index, e-mail.</summary>
    public static TimeSpan Background => Scale(TimeSpan.FromSeconds(120));

    /// <summary>Hosts and processes starting (migrations, bus, search index), a broker coming back, a batch draining.</summary>
    public static TimeSpan Startup => Scale(TimeSpan.FromMinutes(5));

    /// <summary>One browser step: an action, a navigation, a selector (Playwright's default timeout).</summary>
    public static TimeSpan BrowserStep => Scale(TimeSpan.FromSeconds(120));

    /// <summary><see cref="BrowserStep"/> in milliseconds, as Playwright takes it.</summary>
    public static float BrowserStepMilliseconds => (float)BrowserStep.TotalMilliseconds;

    /// <summary>One HTTP request or database command made by a test.</summary>
    public static TimeSpan Request => Scale(TimeSpan.FromSeconds(120));

    public static TimeSpan Scale(TimeSpan ceiling) => ceiling * Factor;
}
