using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace BatchInference.Providers.Realtime;

/// <summary>
/// Runs a stream of requests through one <see cref="RealtimeClient"/> with bounded concurrency: at most the client's
/// <see cref="ProviderEndpointOptions.MaxConcurrency"/> requests are in flight or waiting for delivery, and each
/// outcome is handed to the caller as soon as its request finishes, in completion order.
/// </summary>
public sealed class RealtimeExecutor
{
    private readonly Func<RealtimeRequest, CancellationToken, Task<RealtimeOutcome>> _send;
    private readonly int _maxConcurrency;

    /// <summary>Creates an executor over <paramref name="client"/>, using its concurrency limit.</summary>
    /// <param name="client">The provider's client.</param>
    public RealtimeExecutor(RealtimeClient client)
        : this((client ?? throw new ArgumentNullException(nameof(client))).SendAsync, client.MaxConcurrency)
    {
    }

    /// <summary>
    /// An executor over any send function, e.g. one that routes each request to a tier and falls back to another
    /// (the engine's shard router), or a test's.
    /// </summary>
    /// <param name="send">Sends one request; provider trouble must come back as an outcome, not an exception.</param>
    /// <param name="maxConcurrency">Most requests in flight at once.</param>
    public RealtimeExecutor(Func<RealtimeRequest, CancellationToken, Task<RealtimeOutcome>> send, int maxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _send = send;
        _maxConcurrency = maxConcurrency;
    }

    /// <summary>
    /// Sends every request and delivers every outcome. <paramref name="onOutcome"/> is called once per request, never
    /// concurrently with itself (calls are serialized), so it may write to a file or a list without locking. An
    /// outcome counts against the concurrency limit until <paramref name="onOutcome"/> returns, which bounds memory
    /// when the callback is slow.
    /// </summary>
    /// <param name="requests">The requests; read lazily, one more each time a slot frees up.</param>
    /// <param name="onOutcome">Receives each outcome; if it throws, the run stops and rethrows that exception.</param>
    /// <param name="cancellationToken">
    /// Cancelling stops taking new requests and cancels the requests in flight (they produce no outcome; re-send them).
    /// Outcomes that had already been produced are still delivered, with this (cancelled) token, before the method
    /// throws <see cref="OperationCanceledException"/>.
    /// </param>
    /// <returns>A task that completes when every request taken has been delivered.</returns>
    public async Task RunAsync(
        IAsyncEnumerable<RealtimeRequest> requests,
        Func<RealtimeOutcome, CancellationToken, ValueTask> onOutcome,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(onOutcome);
        var slotCount = _maxConcurrency;
        using var slots = new SemaphoreSlim(slotCount, slotCount);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = Channel.CreateUnbounded<RealtimeOutcome>(new UnboundedChannelOptions { SingleReader = true });
        var failure = new FirstFailure(stop);
        var delivery = DeliverAsync(finished.Reader, onOutcome, slots, failure, cancellationToken);

        try
        {
            await foreach (var request in requests.WithCancellation(stop.Token).ConfigureAwait(false))
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                _ = SendOneAsync(request, finished.Writer, slots, failure, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled by the caller or by a failure: stop taking requests and drain below.
        }
        catch (Exception exception)
        {
            failure.Set(exception); // The request source failed; finish what is in flight, then report it.
        }

        // Every slot comes back once its request has been delivered or abandoned: holding all of them means done.
        for (var i = 0; i < slotCount; i++)
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        finished.Writer.Complete();
        await delivery.ConfigureAwait(false);
        failure.ThrowIfSet();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task SendOneAsync(
        RealtimeRequest request,
        ChannelWriter<RealtimeOutcome> finished,
        SemaphoreSlim slots,
        FirstFailure failure,
        CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await _send(request, cancellationToken).ConfigureAwait(false);
            finished.TryWrite(outcome); // Unbounded: always accepted; the slot is released after delivery.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            slots.Release();
        }
        catch (Exception exception)
        {
            // SendAsync turns provider trouble into outcomes, so this is a defect: stop the run and report it.
            failure.Set(exception);
            slots.Release();
        }
    }

    private static async Task DeliverAsync(
        ChannelReader<RealtimeOutcome> finished,
        Func<RealtimeOutcome, CancellationToken, ValueTask> onOutcome,
        SemaphoreSlim slots,
        FirstFailure failure,
        CancellationToken cancellationToken)
    {
        await foreach (var outcome in finished.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                if (!failure.IsSet)
                {
                    await onOutcome(outcome, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception)
            {
                failure.Set(exception);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>Keeps the first exception of a run and stops the run when it happens.</summary>
    private sealed class FirstFailure(CancellationTokenSource stop)
    {
        private ExceptionDispatchInfo? _first;

        public bool IsSet => Volatile.Read(ref _first) is not null;

        public void Set(Exception exception)
        {
            if (Interlocked.CompareExchange(ref _first, ExceptionDispatchInfo.Capture(exception), null) is null)
            {
                stop.Cancel();
            }
        }

        public void ThrowIfSet() => Volatile.Read(ref _first)?.Throw();
    }
}
