using System.Collections.Concurrent;
using MassTransit;

namespace FeedbackPortal.Infrastructure.Outbox;

/// <summary>
/// The in-memory transport's stand-in for a broker's durability. A message handed to the in-memory
/// bus lives only in this process: a kill -9 loses it. So on that transport the outbox dispatcher
/// registers, before sending, which queues must consume the message, and marks its row dispatched
/// only once every one of those queues' consumers has finished with it (after their retries). Until
/// then the row keeps its lease, and a crash leaves it to be claimed again after the restart;
/// consumers are idempotent, so a message consumed just before the crash is harmless the second time.
/// On RabbitMQ nobody registers anything and the filter does nothing: the publisher confirm is the
/// durability point there.
/// </summary>
public sealed class InMemoryDeliveries
{
    private readonly ConcurrentDictionary<Guid, Waiter> _waiters = new();

    /// <summary>
    /// Registers the queues that must consume <paramref name="messageId"/>; the task completes when
    /// all have, and fails when one gave up on it (retries exhausted), so the outbox retries the row.
    /// </summary>
    public Expectation Expect(Guid messageId, IReadOnlyCollection<string> queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var waiter = new Waiter(queues);
        _waiters[messageId] = waiter;
        return new Expectation(this, messageId, waiter);
    }

    internal void Consumed(Guid messageId, string queue)
    {
        if (_waiters.TryGetValue(messageId, out var waiter))
        {
            waiter.Done(queue);
        }
    }

    internal void Failed(Guid messageId, string queue, Exception error)
    {
        if (_waiters.TryGetValue(messageId, out var waiter))
        {
            waiter.Fail(queue, error);
        }
    }

    private void Forget(Guid messageId, Waiter waiter) => _waiters.TryRemove(new KeyValuePair<Guid, Waiter>(messageId, waiter));

    /// <summary>A registration; disposing it stops tracking the message (sent, failed or timed out).</summary>
    public sealed class Expectation : IDisposable
    {
        private readonly InMemoryDeliveries _owner;
        private readonly Guid _messageId;
        private readonly Waiter _waiter;

        internal Expectation(InMemoryDeliveries owner, Guid messageId, Waiter waiter)
        {
            _owner = owner;
            _messageId = messageId;
            _waiter = waiter;
        }

        public Task Completion => _waiter.Completion.Task;

        public void Dispose() => _owner.Forget(_messageId, _waiter);
    }

    internal sealed class Waiter(IReadOnlyCollection<string> queues)
    {
        private readonly HashSet<string> _pending = new(queues, StringComparer.Ordinal);

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Done(string queue)
        {
            lock (_pending)
            {
                if (_pending.Remove(queue) && _pending.Count == 0)
                {
                    Completion.TrySetResult();
                }
            }
        }

        public void Fail(string queue, Exception error)
        {
            lock (_pending)
            {
                if (_pending.Contains(queue))
                {
                    Completion.TrySetException(new InvalidOperationException($"The consumer of {queue} gave up on the message: {error.Message}", error));
                }
            }
        }
    }
}

/// <summary>
/// Outermost filter of an in-memory receive endpoint (outside the retries): tells
/// <see cref="InMemoryDeliveries"/> when the endpoint's consumers finished with a message, or gave up.
/// </summary>
internal sealed class InMemoryConsumedFilter(InMemoryDeliveries deliveries, string queue) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception ex)
        {
            if (context.MessageId is { } failedId)
            {
                deliveries.Failed(failedId, queue, ex);
            }

            throw;
        }

        if (context.MessageId is { } id)
        {
            deliveries.Consumed(id, queue);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inMemoryConsumed");
}
