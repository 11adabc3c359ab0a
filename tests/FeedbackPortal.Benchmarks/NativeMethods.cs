using System.Runtime.InteropServices;

namespace FeedbackPortal.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux): the machine is shared, so wall-clock latency includes
/// time spent waiting for a core; thread CPU time is what the query itself costs.
/// </summary>
internal static class NativeMethods
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static double ThreadCpuMilliseconds() =>
        ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? (t.Seconds * 1000.0) + (t.Nanoseconds / 1_000_000.0) : double.NaN;
}
