namespace FeedbackPortal.Testing;

/// <summary>Waits for asynchronous processing (outbox, bus, index) instead of sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/>; fails after <paramref name="timeout"/> (default <see cref="Patience.Background"/>).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? Patience.Background);
        var pause = TimeSpan.FromMilliseconds(50);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}; last value: {last}");
            }

            // Quick at first, then gentler on a machine that is already busy.
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, 500));
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan? timeout = null, string? what = null) =>
        UntilAsync(probe, ok => ok, timeout, what);
}
