using System.Collections.Concurrent;
using BatchInference.Storage.Queues;
using BatchInference.Workers.Timing;
using Microsoft.Extensions.Logging;

namespace BatchInference.Workers.Hosting;

/// <summary>
/// One run of a <see cref="WorkerHost"/>: the receive loop, the messages in flight, and the orderly stop. Receives only
/// as many messages as there are free handler slots, so a message never waits in this process under a lock while
/// another worker is idle.
/// </summary>
/// <remarks>The slot semaphore and the I/O cancellation source are not disposed: a handler that ignored cancellation
/// may outlive the run and still release its slot or test the token, which must not throw.</remarks>
internal sealed partial class WorkerRun
{
    /// <summary>The most messages one receive asks for (the Storage Queue limit).</summary>
    internal const int MaxMessagesPerReceive = 32;

    /// <summary>After the stop timeout, how long the final abandons and settles may still take.</summary>
    internal static readonly TimeSpan SettleGrace = TimeSpan.FromSeconds(10);

    private readonly IWorkQueue _queue;
    private readonly IWorkQueue _poisonQueue;
    private readonly IWorkHandler _handler;
    private readonly TimeProvider _timeProvider;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly WorkerStats _stats;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<InFlightMessage, byte> _inFlight = new();
    private readonly CancellationTokenSource _ioCts = new();

    public WorkerRun(
        IWorkQueue queue, IWorkQueue poisonQueue, IWorkHandler handler, TimeProvider timeProvider, WorkerOptions options, ILogger logger, WorkerStats stats)
    {
        _queue = queue;
        _poisonQueue = poisonQueue;
        _handler = handler;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
        _stats = stats;
        _slots = new SemaphoreSlim(options.MaxConcurrentMessages, options.MaxConcurrentMessages);
    }

    /// <summary>Settles, abandons, renewals and sends: not cut short by a stop, only by the end of the stop grace.</summary>
    private CancellationToken IoToken => _ioCts.Token;

    /// <summary>Receives and handles until <paramref name="cancellationToken"/> is cancelled, then stops in order.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Log.Starting(_logger, _options.MaxConcurrentMessages, _options.LockDuration, _options.MaxDeliveryCount);
        try
        {
            await ReceiveUntilStoppedAsync(stopCts.Token).ConfigureAwait(false);
        }
        finally
        {
            // Also on a fault in the loop: cancel the handlers and hand their messages back before it surfaces.
            await stopCts.CancelAsync().ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            Log.Stopped(_logger, _stats);
        }
    }

    private async Task ReceiveUntilStoppedAsync(CancellationToken stopping)
    {
        var idle = new IdlePollDelay(_options.IdlePollInterval);
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            int wanted;
            try
            {
                wanted = await AcquireSlotsAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            IReadOnlyList<WorkQueueMessage> received;
            try
            {
                received = await _queue.ReceiveAsync(wanted, _options.LockDuration, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (TransportFailure.Is(e, stopping))
            {
                _slots.Release(wanted);
                failures++;
                var delay = RetryBackoff.Compute(failures, _options.IdlePollInterval, _options.IdlePollInterval * 10);
                Log.ReceiveFailed(_logger, e, failures, delay);
                if (!await WaitAsync(delay, stopping).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            if (failures > 0)
            {
                Log.ReceiveRecovered(_logger, failures);
                failures = 0;
            }

            if (received.Count < wanted)
            {
                _slots.Release(wanted - received.Count);
            }

            if (stopping.IsCancellationRequested)
            {
                await AbandonUnstartedAsync(received).ConfigureAwait(false);
                return;
            }

            foreach (var message in received)
            {
                Start(message, stopping);
            }

            if (received.Count > 0)
            {
                idle.Reset();
            }
            else if (!await WaitAsync(idle.Next(), stopping).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Waits for one free slot, then takes whatever else is free, up to one receive's worth.</summary>
    private async Task<int> AcquireSlotsAsync(CancellationToken stopping)
    {
        await _slots.WaitAsync(stopping).ConfigureAwait(false);
        var taken = 1;
        while (taken < MaxMessagesPerReceive && _slots.Wait(0, CancellationToken.None))
        {
            taken++;
        }

        return taken;
    }

    private void Start(WorkQueueMessage message, CancellationToken stopping)
    {
        _stats.AddReceived(1);
        Log.Received(_logger, message.Id, message.DequeueCount);
        var work = new InFlightMessage(
            message, new LockRenewal(_queue, message, _options.LockDuration, _timeProvider, _logger, IoToken));
        _inFlight.TryAdd(work, 0);
        work.Processing = Task.Run(() => ProcessAsync(work, stopping), CancellationToken.None);
    }

    /// <returns>False when the wait was cut short by the stop.</returns>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Messages received just as the stop began: give them straight back.</summary>
    private async Task AbandonUnstartedAsync(IReadOnlyList<WorkQueueMessage> received)
    {
        foreach (var message in received)
        {
            await SettleAsync("Abandon", message.Id, () => _queue.AbandonAsync(message, TimeSpan.Zero, IoToken)).ConfigureAwait(false);
            _slots.Release();
        }
    }

    /// <summary>
    /// The handlers were cancelled. Waits up to the stop timeout for them; abandons (delay zero) the messages of those
    /// still running, so another worker takes them at once; then waits, within the grace, for the settles in progress.
    /// </summary>
    private async Task DrainAsync()
    {
        Log.Stopping(_logger, _inFlight.Count, _options.StopTimeout);
        using var deadline = new CancellationTokenSource(_options.StopTimeout + SettleGrace, _timeProvider);
        using var cutOff = deadline.Token.Register(_ioCts.Cancel);

        await WaitForAsync(_inFlight.Keys, _options.StopTimeout).ConfigureAwait(false);
        var outlived = _inFlight.Keys.Where(work => work.TryClaim()).ToList();
        foreach (var work in outlived)
        {
            Log.HandlerOutlivedStop(_logger, work.Received.Id);
            if (await work.Lock.StopAsync().ConfigureAwait(false) is { } current)
            {
                await AbandonOnStopAsync(current).ConfigureAwait(false);
            }
        }

        await WaitForAsync(_inFlight.Keys.Except(outlived), SettleGrace).ConfigureAwait(false);
        await _ioCts.CancelAsync().ConfigureAwait(false);
    }

    private async Task WaitForAsync(IEnumerable<InFlightMessage> works, TimeSpan timeout)
    {
        var tasks = works.Select(work => work.Processing).ToList();
        if (tasks.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(timeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Expected when a handler ignores cancellation; the caller deals with what is still in flight.
        }
    }
}
