using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace BatchInference.Workers.Hosting;

/// <summary>
/// Keeps a received message locked while its handler runs: renews every third of the lock duration and keeps the
/// latest message (each renewal issues a new lock token, and only the latest settles the message). A renewal that finds
/// the lock gone cancels <see cref="LostToken"/> and stops.
/// </summary>
/// <remarks>The cancellation sources hold no timers or registrations of their own, so they are not disposed: the stop
/// path and the processing task may both still touch them after the other is done.</remarks>
internal sealed class LockRenewal
{
    private readonly IWorkQueue _queue;
    private readonly TimeSpan _lockDuration;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task<WorkQueueMessage?> _loop;
    private WorkQueueMessage _current;

    /// <summary>Starts renewing at once. Renewal calls are cancelled only by <c>ioToken</c> (the host's final shutdown):
    /// stopping never cuts a call short, because a renewal that landed unseen would leave a stale lock token.</summary>
    public LockRenewal(
        IWorkQueue queue, WorkQueueMessage message, TimeSpan lockDuration, TimeProvider timeProvider, ILogger logger, CancellationToken ioToken)
    {
        _queue = queue;
        _current = message;
        _lockDuration = lockDuration;
        _interval = lockDuration / 3;
        _timeProvider = timeProvider;
        _logger = logger;
        _loop = RenewUntilStoppedAsync(ioToken);
    }

    /// <summary>Cancelled when a renewal found the lock lost.</summary>
    public CancellationToken LostToken => _lost.Token;

    /// <summary>Stops renewing (after a renewal in progress finishes). Safe to call more than once.</summary>
    /// <returns>The message with its latest lock token, or null when the lock was lost.</returns>
    public Task<WorkQueueMessage?> StopAsync()
    {
        _stop.Cancel();
        return _loop;
    }

    private async Task<WorkQueueMessage?> RenewUntilStoppedAsync(CancellationToken ioToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_interval, _timeProvider, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return _current;
            }

            WorkQueueMessage? renewed;
            try
            {
                renewed = await _queue.RenewLockAsync(_current, _lockDuration, ioToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ioToken.IsCancellationRequested)
            {
                return _current;
            }
            catch (Exception e)
            {
                // The lock may well still hold (storage blipped); the next renewal is a third of a lock away.
                Log.RenewFailed(_logger, e, _current.Id, _interval);
                continue;
            }

            if (renewed is null)
            {
                Log.LockLost(_logger, _current.Id);
                await _lost.CancelAsync().ConfigureAwait(false);
                return null;
            }

            _current = renewed;
        }
    }
}
