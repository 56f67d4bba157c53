using System.Diagnostics;
using BatchInference.Storage.Queues;
using BatchInference.Workers.Timing;

namespace BatchInference.Workers.Hosting;

/// <summary>One message's life: handle (or poison-handle) under a renewed lock, then settle as the outcome says.</summary>
internal sealed partial class WorkerRun
{
    private async Task ProcessAsync(InFlightMessage work, CancellationToken stopping)
    {
        _stats.AddRunning(1);
        try
        {
            if (work.Received.DequeueCount > _options.MaxDeliveryCount)
            {
                await PoisonAsync(work, stopping).ConfigureAwait(false);
            }
            else
            {
                await HandleAsync(work, stopping).ConfigureAwait(false);
            }
        }
        finally
        {
            _stats.AddRunning(-1);
            _inFlight.TryRemove(work, out _);
            _slots.Release();
        }
    }

    private async Task HandleAsync(InFlightMessage work, CancellationToken stopping)
    {
        WorkOutcome? outcome = null;
        Exception? failure = null;
        using (var handlerCts = CancellationTokenSource.CreateLinkedTokenSource(stopping, work.Lock.LostToken))
        {
            try
            {
                outcome = await _handler.HandleAsync(work.Received, handlerCts.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The handler returned no outcome.");
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        if (await SettleableAsync(work).ConfigureAwait(false) is not { } current)
        {
            return;
        }

        if (failure is OperationCanceledException && stopping.IsCancellationRequested)
        {
            await AbandonOnStopAsync(current).ConfigureAwait(false);
        }
        else if (failure is not null)
        {
            await RetryLaterAsync(current, failure).ConfigureAwait(false);
        }
        else if (outcome is WorkOutcome.Rescheduled rescheduled)
        {
            await RescheduleAsync(current, rescheduled.Delay).ConfigureAwait(false);
        }
        else if (outcome is WorkOutcome.Completed)
        {
            if (await SettleAsync("Complete", current.Id, () => _queue.CompleteAsync(current, IoToken)).ConfigureAwait(false))
            {
                _stats.AddCompleted();
                Log.Completed(_logger, current.Id);
            }
        }
        else
        {
            throw new UnreachableException($"WorkOutcome has only two kinds; got {outcome}.");
        }
    }

    private async Task PoisonAsync(InFlightMessage work, CancellationToken stopping)
    {
        var received = work.Received;
        var reason = PoisonReason.Describe(received.DequeueCount, _options.MaxDeliveryCount);
        Log.Poisoned(_logger, received.Id, reason);
        var cancelledByStop = false;
        using (var handlerCts = CancellationTokenSource.CreateLinkedTokenSource(stopping, work.Lock.LostToken))
        {
            try
            {
                await _handler.OnPoisonAsync(received, reason, handlerCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                cancelledByStop = true;
            }
            catch (Exception e)
            {
                Log.PoisonCallbackFailed(_logger, e, received.Id);
            }
        }

        if (await SettleableAsync(work).ConfigureAwait(false) is not { } current)
        {
            return;
        }

        if (cancelledByStop)
        {
            await AbandonOnStopAsync(current).ConfigureAwait(false);
            return;
        }

        try
        {
            await _poisonQueue.SendAsync(current.Body, null, IoToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not moved: deliver it again later, when the move is tried again (and the callback called again).
            var delay = BackoffFor(current.DequeueCount - _options.MaxDeliveryCount);
            Log.PoisonMoveFailed(_logger, e, current.Id, delay);
            await SettleAsync("Abandon", current.Id, () => _queue.AbandonAsync(current, delay, IoToken)).ConfigureAwait(false);
            return;
        }

        _stats.AddPoisoned();
        await SettleAsync("Complete", current.Id, () => _queue.CompleteAsync(current, IoToken)).ConfigureAwait(false);
    }

    /// <summary>Stops the lock renewal and claims the message for settling.</summary>
    /// <returns>The message with its current lock token; null when the lock was lost or the stop path claimed it.</returns>
    private async Task<WorkQueueMessage?> SettleableAsync(InFlightMessage work)
    {
        var current = await work.Lock.StopAsync().ConfigureAwait(false);
        if (current is null)
        {
            _stats.AddLockLost();
            return null;
        }

        return work.TryClaim() ? current : null;
    }

    /// <summary>A durable timer: the delayed copy goes out before the original is completed, so a crash in between
    /// leaves a duplicate (tolerated) rather than no work at all.</summary>
    private async Task RescheduleAsync(WorkQueueMessage current, TimeSpan delay)
    {
        QueueReceipt copy;
        try
        {
            copy = await _queue.SendAsync(current.Body, delay, IoToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await RetryLaterAsync(current, e).ConfigureAwait(false);
            return;
        }

        _stats.AddRescheduled();
        Log.Rescheduled(_logger, current.Id, copy.MessageId, delay);
        await SettleAsync("Complete", current.Id, () => _queue.CompleteAsync(current, IoToken)).ConfigureAwait(false);
    }

    private async Task RetryLaterAsync(WorkQueueMessage current, Exception failure)
    {
        var delay = BackoffFor(current.DequeueCount);
        _stats.AddFailed();
        Log.HandlerFailed(_logger, failure, current.Id, current.DequeueCount, delay);
        await SettleAsync("Abandon", current.Id, () => _queue.AbandonAsync(current, delay, IoToken)).ConfigureAwait(false);
    }

    private async Task AbandonOnStopAsync(WorkQueueMessage current)
    {
        if (await SettleAsync("Abandon", current.Id, () => _queue.AbandonAsync(current, TimeSpan.Zero, IoToken)).ConfigureAwait(false))
        {
            Log.AbandonedOnStop(_logger, current.Id);
        }
    }

    private TimeSpan BackoffFor(int attempt) =>
        RetryBackoff.Compute(Math.Max(attempt, 1), _options.RetryBaseDelay, _options.RetryMaxDelay);

    /// <summary>Completes or abandons. A lost lock is an expected outcome, logged at Information; a failure is logged
    /// and left to the lock lapsing (the message comes back), never thrown.</summary>
    /// <returns>True when the queue applied it.</returns>
    private async Task<bool> SettleAsync(string operation, string messageId, Func<Task<SettleOutcome>> settle)
    {
        try
        {
            if (await settle().ConfigureAwait(false) == SettleOutcome.Applied)
            {
                return true;
            }

            _stats.AddLockLost();
            Log.SettleLockLost(_logger, operation, messageId);
            return false;
        }
        catch (Exception e)
        {
            Log.SettleFailed(_logger, e, operation, messageId);
            return false;
        }
    }
}
