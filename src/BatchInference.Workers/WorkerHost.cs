using BatchInference.Storage.Queues;
using BatchInference.Workers.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Workers;

/// <summary>
/// Pulls messages from a work queue and runs an <see cref="IWorkHandler"/> on each, up to
/// <see cref="WorkerOptions.MaxConcurrentMessages"/> at once: the loop <c>bi worker</c> runs, several processes at once
/// on one queue. While a handler runs its message's lock is renewed; afterwards the message is completed
/// (<see cref="WorkOutcome.Done"/>), re-sent with a delay and completed (<see cref="WorkOutcome.RunAgainAfter"/>), or,
/// when the handler threw, abandoned with an exponential back-off. A message delivered more than
/// <see cref="WorkerOptions.MaxDeliveryCount"/> times goes to <see cref="IWorkHandler.OnPoisonAsync"/> and then to the
/// poison queue. Receive failures (storage down or restarting) are logged and retried with back-off, never fatal.
/// </summary>
public sealed class WorkerHost
{
    private readonly IWorkQueue _queue;
    private readonly IWorkQueue _poisonQueue;
    private readonly IWorkHandler _handler;
    private readonly TimeProvider _timeProvider;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private int _running;

    /// <summary>Creates the host; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="queue">The work queue to receive from (and to send delayed copies to).</param>
    /// <param name="poisonQueue">Where poison messages' bodies go.</param>
    /// <param name="handler">Runs the work.</param>
    /// <param name="timeProvider">The clock for lock renewal, back-off and polling waits.</param>
    /// <param name="options">Settings, validated and copied here; defaults when null.</param>
    /// <param name="logger">Logs receives, failures, lost locks and poison messages (never bodies); none when null.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public WorkerHost(
        IWorkQueue queue,
        IWorkQueue poisonQueue,
        IWorkHandler handler,
        TimeProvider timeProvider,
        WorkerOptions? options = null,
        ILogger<WorkerHost>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(poisonQueue);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (ReferenceEquals(queue, poisonQueue))
        {
            throw new ArgumentException("The poison queue must be another queue than the work queue.", nameof(poisonQueue));
        }

        var snapshot = (options ?? new WorkerOptions()).Snapshot();
        snapshot.Validate();
        _queue = queue;
        _poisonQueue = poisonQueue;
        _handler = handler;
        _timeProvider = timeProvider;
        _options = snapshot;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>What this host has done so far, across runs; thread-safe.</summary>
    public WorkerStats Stats { get; } = new();

    /// <summary>
    /// Receives and handles messages until <paramref name="cancellationToken"/> is cancelled. Then it stops receiving,
    /// cancels the running handlers, waits up to <see cref="WorkerOptions.StopTimeout"/> for them and abandons (delay
    /// zero) the messages whose handlers did not finish, so another worker picks them up at once.
    /// </summary>
    /// <param name="cancellationToken">Stops the host.</param>
    /// <returns>A task that completes when the host has stopped; it does not throw on cancellation.</returns>
    /// <exception cref="InvalidOperationException">The host is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This WorkerHost is already running; start another host for more workers.");
        }

        try
        {
            var run = new WorkerRun(_queue, _poisonQueue, _handler, _timeProvider, _options, _logger, Stats);
            await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
