using System.Globalization;
using Azure;
using BatchInference.Functions.Composition;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Hosting;

/// <summary>
/// Makes the handler's storage ready (containers and the Storage work queue) in the background, so the handler listens
/// at once and never blocks silently: every failed attempt logs a warning naming the endpoint and the next try, and
/// until one succeeds <see cref="NotReadyReason"/> says why, which <c>/health</c> and every invocation answer with a 503.
/// Attempts use clients that try each request once, with a timeout; the back-off between attempts is the only retry.
/// </summary>
internal sealed class StorageReadiness : IAsyncDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly FunctionsPipeline _pipeline;
    private readonly StartupOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile string? _notReadyReason;
    private volatile int _failedAttempts;
    private Task _running = Task.CompletedTask;

    public StorageReadiness(FunctionsPipeline pipeline, StartupOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _pipeline = pipeline;
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<StorageReadiness>();
        _notReadyReason = $"starting: storage at {Endpoints} not checked yet";
    }

    /// <summary>Null once storage is ready; otherwise why the handler cannot work yet (names the endpoint, never a key).</summary>
    public string? NotReadyReason => _notReadyReason;

    /// <summary>How many attempts have failed so far.</summary>
    public int FailedAttempts => _failedAttempts;

    private string Endpoints => _pipeline.Storage.Account.QueueEndpoint is { } queue && _pipeline.StorageQueue is not null
        ? $"{_pipeline.BlobEndpoint} (queues {queue})"
        : _pipeline.BlobEndpoint.ToString();

    /// <summary>Starts the attempts in the background.</summary>
    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    /// <summary>Completes when storage is ready.</summary>
    /// <param name="cancellationToken">Stops waiting (the attempts go on).</param>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // No SDK retries and a bounded attempt: this loop's back-off is the one retry layer here.
        var failFast = _pipeline.Storage.WithRetry(StorageClientOptions.FailFast(_options.AttemptTimeout));
        var blobs = failFast.CreateBlobStore();
        var queue = _pipeline.StorageQueue is null ? null : failFast.CreateQueue(_pipeline.WorkQueueName);
        Log.StorageChecking(_logger, Endpoints);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var attempt = new CancellationTokenSource(_options.AttemptTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
                await FunctionsPipeline.InitializeAsync(blobs, queue, linked.Token).ConfigureAwait(false);
                _notReadyReason = null;
                Log.StorageReady(_logger, Endpoints, FailedAttempts);
                _ready.TrySetResult();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var failed = ++_failedAttempts; // one writer: this loop
                var delay = _options.DelayAfter(failed);
                var why = Describe(ex);
                _notReadyReason = string.Create(
                    CultureInfo.InvariantCulture, $"storage at {Endpoints} is not reachable ({why}); attempt {failed} failed, next in {delay.TotalSeconds:0.#} s");
                Log.StorageUnreachable(_logger, Endpoints, why, failed, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    // Status and error code, or the transport's first line ("Connection refused (127.0.0.1:10000)"): never headers or keys.
    private static string Describe(Exception ex) => ex switch
    {
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status}{(string.IsNullOrEmpty(failed.ErrorCode) ? string.Empty : " " + failed.ErrorCode)}",
        OperationCanceledException => "no answer within the attempt timeout",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions[^1]),
        _ when ex.InnerException is { } inner && ex is RequestFailedException => Describe(inner),
        _ => ex.Message.Split('\n', 2)[0].Trim(),
    };
}
