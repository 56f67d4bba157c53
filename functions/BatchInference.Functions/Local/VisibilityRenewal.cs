using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Local;

/// <summary>
/// Keeps a received message invisible while its function runs: renews the visibility timeout at half its length
/// until disposed. <see cref="Message"/> carries the latest pop receipt, or is null once the lock was lost.
/// </summary>
internal sealed class VisibilityRenewal : IAsyncDisposable
{
    private readonly StorageQueueClient _queue;
    private readonly TimeSpan _visibility;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public VisibilityRenewal(StorageQueueClient queue, WorkQueueMessage message, TimeSpan visibility, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        Message = message;
        _visibility = visibility;
        _time = time;
        _logger = logger;
        _renewing = RenewAsync(_stop.Token);
    }

    public WorkQueueMessage? Message { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (Message is { } current)
        {
            await Task.Delay(_visibility / 2, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                Message = await _queue.RenewLockAsync(current, _visibility, cancellationToken).ConfigureAwait(false);
            }
            catch (QueueStorageException ex)
            {
                Log.TriggerFailed(_logger, _queue.QueueName + " visibility renewal", ex); // try again at the next half
                continue;
            }

            if (Message is null)
            {
                Log.LockLost(_logger, current.Id, _queue.QueueName);
            }
        }
    }
}
