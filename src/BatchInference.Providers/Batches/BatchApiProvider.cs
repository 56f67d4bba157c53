using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Polly;

namespace BatchInference.Providers.Batches;

/// <summary>
/// What every provider's batch API client does the same way: the argument checks, one retry pipeline around the
/// control calls with their failures translated, create-or-adopt after a create that failed without a clear answer, and
/// the logging. A provider supplies its calls (<see cref="CreateAsync"/>, <see cref="FindOnceAsync"/>,
/// <see cref="GetOnceAsync"/>, <see cref="CancelOnceAsync"/>, <see cref="ReadEndedResultsAsync"/>).
/// </summary>
internal abstract class BatchApiProvider : IBatchProvider
{
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;

    protected BatchApiProvider(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger logger, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Name = options.Name;
        _timeProvider = timeProvider;
        Logger = logger;
        _pipeline = BatchControlPipeline.Build(options, timeProvider, logger, random);
    }

    public string Name { get; }

    public abstract int MaxLines { get; }

    public abstract long MaxBytes { get; }

    protected ILogger Logger { get; }

    /// <summary>What the provider calls a batch (<c>batch</c>, <c>message batch</c>), in the names of failed calls.</summary>
    protected abstract string BatchNoun { get; }

    public abstract bool Supports(string url);

    public Task<ProviderBatch?> FindAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _pipeline.ExecuteAsync(
            async ct => await FindOnceAsync(key, notBefore, lines, ct).ConfigureAwait(false),
            cancellationToken).AsTask();
    }

    public abstract Task<ProviderBatch> CreateAsync(BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default);

    public Task<ProviderBatch> GetAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return CallAsync($"Getting {BatchNoun} {batchId}", ct => GetOnceAsync(batchId, ct), cancellationToken);
    }

    public async Task<ProviderBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        var batch = await CallAsync($"Cancelling {BatchNoun} {batchId}", ct => CancelOnceAsync(batchId, ct), cancellationToken)
            .ConfigureAwait(false);
        Log.BatchCancelRequested(Logger, Name, batch.Id, batch.Status.ToString());
        return batch;
    }

    public async IAsyncEnumerable<BatchResultLine> ReadResultsAsync(ProviderBatch batch, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.IsTerminal)
        {
            throw new ArgumentException($"Batch {batch.Id} is {batch.Status}; results can be read once it has ended.", nameof(batch));
        }

        await foreach (var line in ReadEndedResultsAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>One search for the batch (no retry): the body of <see cref="FindAsync"/>, and the look before a create is retried.</summary>
    protected abstract Task<ProviderBatch?> FindOnceAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken);

    /// <summary>Reads the batch once; failures are translated and retried by the caller.</summary>
    protected abstract Task<ProviderBatch> GetOnceAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>Asks once to cancel the batch; failures are translated and retried by the caller.</summary>
    protected abstract Task<ProviderBatch> CancelOnceAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>The results of a batch already known to be in a terminal state.</summary>
    protected abstract IAsyncEnumerable<BatchResultLine> ReadEndedResultsAsync(ProviderBatch batch, CancellationToken cancellationToken);

    /// <summary>Why <paramref name="url"/> is refused, when <see cref="Supports"/> says no.</summary>
    protected virtual string DescribeUnsupported(string url) => $"The {Name} batch API does not serve '{url}'.";

    /// <summary>Checks a create's arguments against the provider's URL and line limits; returns when the create starts.</summary>
    protected DateTimeOffset StartCreate(BatchKey key, string url, IReadOnlyList<BatchInputLine> lines)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(lines);
        if (!Supports(url))
        {
            throw new ArgumentException(DescribeUnsupported(url), nameof(url));
        }

        if (lines.Count is 0 || lines.Count > MaxLines)
        {
            throw new ArgumentException($"A {Name} batch holds 1 to {MaxLines} requests, not {lines.Count}.", nameof(lines));
        }

        return _timeProvider.GetUtcNow();
    }

    /// <summary>Refuses a written batch input of more than <see cref="MaxBytes"/>.</summary>
    /// <param name="bytes">Its size.</param>
    /// <param name="what">What it is, e.g. <c>batch input file</c>.</param>
    /// <param name="paramName">The argument that holds the lines it was written from.</param>
    protected void CheckSize(long bytes, string what, string paramName)
    {
        if (bytes > MaxBytes)
        {
            throw new ArgumentException($"The {what} is {bytes} bytes; {Name} takes at most {MaxBytes}.", paramName);
        }
    }

    /// <summary>
    /// Creates the batch through the retry pipeline. A create that failed without a clear answer may still have created
    /// the batch, so each retry first looks for one created since <paramref name="startedAt"/> and adopts it: paying
    /// twice is worse than one more list call.
    /// </summary>
    protected async Task<ProviderBatch> CreateOrAdoptAsync(
        BatchKey key, DateTimeOffset startedAt, int lines, Func<CancellationToken, Task<ProviderBatch>> createOnce, CancellationToken cancellationToken)
    {
        var operation = $"Creating the {BatchNoun}";
        var attempt = 0;
        var batch = await _pipeline.ExecuteAsync(
            async ct =>
            {
                if (attempt++ > 0 && await FindOnceAsync(key, startedAt, lines, ct).ConfigureAwait(false) is { } existing)
                {
                    Log.BatchAdoptedAfterFailedCreate(Logger, Name, key.JobId, key.Shard, key.Attempt, existing.Id);
                    return existing;
                }

                return await BatchCallFailure.GuardAsync(operation, createOnce, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        Log.BatchCreated(Logger, Name, batch.Id, key.JobId, key.Shard, key.Attempt, lines);
        return batch;
    }

    /// <summary>One control call through the retry pipeline, its failures translated for <paramref name="operation"/>.</summary>
    protected async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async ct => await BatchCallFailure.GuardAsync(operation, call, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a downloading results file, logging each line it has to skip.</summary>
    protected IAsyncEnumerable<BatchResultLine> ReadResultFileAsync(
        string batchId, Stream stream, BatchResultFile.LineParser parse, string operation, CancellationToken cancellationToken) =>
        BatchResultFile.ReadAsync(
            stream,
            parse,
            operation,
            (number, reason) => Log.BatchResultLineSkipped(Logger, Name, batchId, number, reason),
            cancellationToken);
}
