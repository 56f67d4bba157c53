using System.Collections.Concurrent;
using System.Globalization;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Local;

/// <summary>
/// Plays the queue trigger for one queue: receives with a visibility timeout, posts each message to the function
/// (up to <see cref="LocalDispatcherOptions.MaxConcurrentMessages"/> at once, renewing visibility while a call runs),
/// deletes it on 200 and otherwise leaves it to reappear. A message that fails its
/// <see cref="LocalDispatcherOptions.MaxDequeueCount"/>th delivery is moved to the poison queue, when there is one.
/// </summary>
internal sealed class QueueTriggerReceiver(
    StorageQueueClient queue, StorageQueueClient? poisonQueue, string function, FunctionInvoker invoker, LocalDispatcherOptions options,
    TimeProvider time, Action<DispatchRecord> report, ILogger logger)
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentMessages, options.MaxConcurrentMessages);
    private readonly ConcurrentDictionary<string, Task> _running = new();

    private int _inFlight;

    /// <summary>Function calls running now (received and not yet settled).</summary>
    public int Running => Volatile.Read(ref _inFlight);

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var received = 0;
                try
                {
                    received = await ReceiveOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.TriggerFailed(logger, queue.QueueName + " queue", ex);
                }

                if (received == 0)
                {
                    await Task.Delay(options.QueuePollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Calls in flight see the same token; their messages reappear after the visibility timeout.
            await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Waits for a free slot, receives up to the free slots' worth of messages and starts them.</summary>
    /// <returns>How many messages were received.</returns>
    public async Task<int> ReceiveOnceAsync(CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var held = 1;
        while (held < options.MaxConcurrentMessages && _slots.Wait(0, CancellationToken.None))
        {
            held++;
        }

        IReadOnlyList<WorkQueueMessage> messages;
        try
        {
            messages = await queue.ReceiveAsync(held, options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release(held);
            throw;
        }

        if (held > messages.Count)
        {
            _slots.Release(held - messages.Count);
        }

        foreach (var message in messages)
        {
            var key = message.Id + "/" + message.DequeueCount.ToString(CultureInfo.InvariantCulture);
            Interlocked.Increment(ref _inFlight);
            _running[key] = RunOneAsync(message, key, cancellationToken);
        }

        return messages.Count;
    }

    private async Task RunOneAsync(WorkQueueMessage message, string key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await HandleAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TriggerFailed(logger, queue.QueueName + " queue", ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the message reappears after its visibility timeout.
        }
        finally
        {
            _running.TryRemove(key, out _);
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }
    }

    private async Task HandleAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, cancellationToken).ConfigureAwait(false); // failed its last delivery in a crash
            return;
        }

        var lease = new VisibilityRenewal(queue, message, options.VisibilityTimeout, time, logger);
        System.Net.HttpStatusCode status;
        await using (lease.ConfigureAwait(false))
        {
            var payload = TriggerPayloads.QueueMessage(function, message, time.GetUtcNow());
            status = await invoker.InvokeAsync(function, payload, cancellationToken).ConfigureAwait(false);
        }

        var current = lease.Message;
        if (current is null)
        {
            report(new DispatchRecord(function, message.Id, DispatchOutcome.Failed, $"HTTP {(int)status}; lock lost, the message is someone else's"));
            return;
        }

        if ((int)status == 200)
        {
            await queue.CompleteAsync(current, cancellationToken).ConfigureAwait(false);
            report(new DispatchRecord(function, message.Id, DispatchOutcome.Succeeded, $"HTTP 200, delivery {message.DequeueCount}"));
            return;
        }

        report(new DispatchRecord(function, message.Id, DispatchOutcome.Failed, $"HTTP {(int)status}, delivery {message.DequeueCount}"));
        if (message.DequeueCount >= options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(current, cancellationToken).ConfigureAwait(false);
        }
        else if (options.RetryDelay is { } delay)
        {
            await queue.AbandonAsync(current, delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MoveToPoisonAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        if (poisonQueue is null)
        {
            return; // a poison queue's own failures stay where they are, for a person to look at
        }

        // Copy first, then delete: a crash in between leaves a duplicate, which the idempotent poison handler absorbs.
        await poisonQueue.SendAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        await queue.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
        report(new DispatchRecord(function, message.Id, DispatchOutcome.MovedToPoison, $"moved to {poisonQueue.QueueName} after {message.DequeueCount} deliveries"));
    }
}
