namespace FeedbackPortal.Testing;

/// <summary>Waits for asynchronous processing (outbox, bus, index) instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
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

            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan? timeout = null, string? what = null) =>
        UntilAsync(probe, ok => ok, timeout, what);
}
