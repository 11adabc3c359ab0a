using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Crash;

/// <summary>
/// Clients posting submissions to the partner API in a loop until stopped, keeping every tracking
/// code the portal acknowledged (201). A refused connection or a dropped request (the process was
/// killed) is counted and retried after a short pause, as a real client would.
/// </summary>
public sealed class IntakeLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Code, DateTimeOffset At)> _acknowledged = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _clients;
    private int _failed;
    private int _sequence;

    private readonly TimeSpan _pause;
    private readonly int _limit;

    private IntakeLoad(Func<HttpClient> client, int clients, TimeSpan pause, int limit)
    {
        _pause = pause;
        _limit = limit;
        _clients = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(client))));
    }

    /// <param name="pause">Each client's pause after an acknowledgement: a paced load, like citizens, not a flood.</param>
    /// <param name="limit">Acknowledgements after which the clients stop (give or take the requests in flight), so the
    /// work left to drain stays bounded however fast or slow the machine is.</param>
    public static IntakeLoad Start(Func<HttpClient> client, int clients, TimeSpan pause, int limit) => new(client, clients, pause, limit);

    public int Acknowledged => _acknowledged.Count;

    public IReadOnlyCollection<string> Codes => [.. _acknowledged.Select(a => a.Code)];

    /// <summary>Acknowledgements since a moment (e.g. while the broker was down).</summary>
    public int AcknowledgedSince(DateTimeOffset since) => _acknowledged.Count(a => a.At >= since);

    /// <summary>Requests that got no answer or not a 201.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public Task WaitForAcknowledgedAsync(int count, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(Acknowledged), n => n >= count, timeout, what);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _clients;
    }

    private async Task ClientAsync(Func<HttpClient> factory)
    {
        using var client = factory();
        while (!_stop.IsCancellationRequested && _acknowledged.Count < _limit)
        {
            var n = Interlocked.Increment(ref _sequence);
            try
            {
                using var response = await client.PostSubmissionAsync(
                    PortalApi.Feedback(title: $"Phản ánh kiểm thử sự cố số {n} về cổng dịch vụ công"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    _acknowledged.Enqueue((JsonDocument.Parse(body).RootElement.GetProperty("trackingCode").GetString()!, DateTimeOffset.UtcNow));
                    await PauseAsync(_pause);
                    continue;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // The process died under the request, or is not listening yet.
            }

            Interlocked.Increment(ref _failed);
            await PauseAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task PauseAsync(TimeSpan pause)
    {
        try
        {
            await Task.Delay(pause, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
