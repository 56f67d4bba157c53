using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchInference.Providers.Transport;
using Microsoft.Extensions.Logging;
using OpenAI.Batch;
using OpenAI.Files;
using Polly;

// The SDK marks its whole batch surface (BatchClient, CreateBatchOperation) experimental in 2.15; only its protocol
// methods, which carry raw JSON, are used here.
#pragma warning disable OPENAI001

namespace BatchInference.Providers.Batches;

/// <summary>
/// OpenAI's Batch API, and Azure OpenAI's Global Batch through its v1 API (same wire shape, <c>api-key</c> header), via
/// the official OpenAI SDK: the input file is uploaded with purpose <c>batch</c>, the batch is created with
/// <see cref="BatchKey"/> as metadata, and everything else is read as raw JSON. The SDK's retries are off; control calls
/// go through one retry pipeline.
/// </summary>
internal sealed class OpenAIBatchProvider : IBatchProvider
{
    /// <summary>How far before <c>notBefore</c> the search for a batch keeps listing, for clock skew and slow creates.</summary>
    public static readonly TimeSpan FindLookback = TimeSpan.FromHours(1);

    private const int ListPageSize = 100;

    private readonly OpenAIFileClient _files;
    private readonly BatchClient _batches;
    private readonly bool _azure;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public OpenAIBatchProvider(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger logger, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _azure = options.Kind == ProviderKind.AzureOpenAI;
        Name = options.Name;
        MaxLines = _azure ? 100_000 : 50_000;
        _timeProvider = timeProvider;
        _logger = logger;
        var client = OpenAIClientFactory.Create(options, options.BatchRequestTimeout);
        _files = client.GetOpenAIFileClient();
        _batches = client.GetBatchClient();
        _pipeline = BatchControlPipeline.Build(options, timeProvider, logger, random);
    }

    public string Name { get; }

    public int MaxLines { get; }

    /// <summary>200 MB per input file, counted in decimal megabytes to stay on the safe side.</summary>
    public long MaxBytes => 200_000_000;

    public bool Supports(string url) => OpenAIProtocolSender.SupportsUrl(url);

    public Task<ProviderBatch?> FindAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _pipeline.ExecuteAsync(
            async ct => await FindOnceAsync(key, notBefore, ct).ConfigureAwait(false),
            cancellationToken).AsTask();
    }

    public async Task<ProviderBatch> CreateAsync(BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(lines);
        if (!Supports(url))
        {
            throw new ArgumentException($"The {Name} batch API does not serve '{url}'.", nameof(url));
        }

        if (lines.Count is 0 || lines.Count > MaxLines)
        {
            throw new ArgumentException($"A {Name} batch holds 1 to {MaxLines} requests, not {lines.Count}.", nameof(lines));
        }

        var startedAt = _timeProvider.GetUtcNow();
        using var file = OpenAIBatchInputFile.Write(url, lines);
        if (file.Length > MaxBytes)
        {
            throw new ArgumentException($"The batch input file is {file.Length} bytes; {Name} takes at most {MaxBytes}.", nameof(lines));
        }

        var fileId = await _pipeline.ExecuteAsync(async ct => await UploadAsync(file, ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        var body = OpenAIBatchCreateBody.Write(fileId, url, _azure, key);
        var attempt = 0;
        var batch = await _pipeline.ExecuteAsync(
            async ct =>
            {
                // A create that failed without a clear answer may still have created the batch: look before paying twice.
                if (attempt++ > 0 && await FindOnceAsync(key, startedAt, ct).ConfigureAwait(false) is { } existing)
                {
                    Log.BatchAdoptedAfterFailedCreate(_logger, Name, key.JobId, key.Shard, key.Attempt, existing.Id);
                    return existing;
                }

                return await CreateOnceAsync(body, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        Log.BatchCreated(_logger, Name, batch.Id, key.JobId, key.Shard, key.Attempt, lines.Count);
        return batch;
    }

    public Task<ProviderBatch> GetAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return _pipeline.ExecuteAsync(
            async ct => await BatchCallFailure.GuardAsync(
                "Getting batch " + batchId,
                async inner => ParseBatch((await _batches.GetBatchAsync(batchId, Options(inner)).ConfigureAwait(false)).GetRawResponse().Content, "get batch"),
                ct).ConfigureAwait(false),
            cancellationToken).AsTask();
    }

    public async Task<ProviderBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        var batch = await _pipeline.ExecuteAsync(
            async ct => await BatchCallFailure.GuardAsync(
                "Cancelling batch " + batchId,
                async inner =>
                {
                    // The SDK cancels through an operation object; rehydrating it reads the batch once first.
                    var operation = await CreateBatchOperation.RehydrateAsync(_batches, batchId, inner).ConfigureAwait(false);
                    var result = await operation.CancelAsync(Options(inner)).ConfigureAwait(false);
                    return ParseBatch(result.GetRawResponse().Content, "cancel batch");
                },
                ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        Log.BatchCancelRequested(_logger, Name, batch.Id, batch.Status.ToString());
        return batch;
    }

    public async IAsyncEnumerable<BatchResultLine> ReadResultsAsync(ProviderBatch batch, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.IsTerminal)
        {
            throw new ArgumentException($"Batch {batch.Id} is {batch.Status}; results can be read once it has ended.", nameof(batch));
        }

        foreach (var fileId in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (string.IsNullOrEmpty(fileId))
            {
                continue;
            }

            await foreach (var line in ReadResultFileAsync(batch.Id, fileId, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }

    private async IAsyncEnumerable<BatchResultLine> ReadResultFileAsync(string batchId, string fileId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var operation = "Downloading result file " + fileId;
        using var response = await _pipeline.ExecuteAsync(
            async ct => await BatchCallFailure.GuardAsync(
                operation,
                async inner =>
                {
                    var options = Options(inner);
                    options.BufferResponse = false; // A result file can be hundreds of megabytes: stream it.
                    return (await _files.DownloadFileAsync(fileId, options).ConfigureAwait(false)).GetRawResponse();
                },
                ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        var lines = BatchResultFile.ReadAsync(
            response.ContentStream ?? Stream.Null,
            OpenAIBatchResultParser.Parse,
            operation,
            (number, reason) => Log.BatchResultLineSkipped(_logger, Name, batchId, number, reason),
            cancellationToken);
        await foreach (var line in lines.ConfigureAwait(false))
        {
            yield return line;
        }
    }

    private async Task<string> UploadAsync(MemoryStream file, CancellationToken cancellationToken) =>
        await BatchCallFailure.GuardAsync(
            "Uploading the batch input file",
            async ct =>
            {
                using var copy = new MemoryStream(file.GetBuffer(), 0, (int)file.Length, writable: false);
                var uploaded = await _files.UploadFileAsync(copy, "batch-input.jsonl", FileUploadPurpose.Batch, ct).ConfigureAwait(false);
                return uploaded.Value.Id;
            },
            cancellationToken).ConfigureAwait(false);

    private async Task<ProviderBatch> CreateOnceAsync(BinaryData body, CancellationToken cancellationToken) =>
        await BatchCallFailure.GuardAsync(
            "Creating the batch",
            async ct =>
            {
                using var content = BinaryContent.Create(body);
                var operation = await _batches.CreateBatchAsync(content, waitUntilCompleted: false, Options(ct)).ConfigureAwait(false);
                return ParseBatch(operation.GetRawResponse().Content, "create batch");
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Lists batches newest first until they are older than the look-back window; returns the oldest match.</summary>
    private async Task<ProviderBatch?> FindOnceAsync(BatchKey key, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        await BatchCallFailure.GuardAsync(
            "Listing batches",
            async ct =>
            {
                var cutoff = notBefore - FindLookback;
                var matches = new List<ProviderBatch>();
                await foreach (var page in _batches.GetBatchesAsync(after: null, limit: ListPageSize, Options(ct)).GetRawPagesAsync().ConfigureAwait(false))
                {
                    using var document = BatchJsonFields.Parse(page.GetRawResponse().Content, "list batches");
                    var olderThanCutoff = false;
                    if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in data.EnumerateArray())
                        {
                            var batch = OpenAIBatchJson.Parse(item);
                            olderThanCutoff |= batch.CreatedAt < cutoff;
                            if (batch.Key == key)
                            {
                                matches.Add(batch);
                            }
                        }
                    }

                    if (olderThanCutoff)
                    {
                        break;
                    }
                }

                if (matches.Count > 1)
                {
                    Log.BatchFindAmbiguous(_logger, Name, matches.Count, key.JobId, key.Shard, key.Attempt, "adopting the oldest");
                }

                return matches.OrderBy(b => b.CreatedAt).FirstOrDefault();
            },
            cancellationToken).ConfigureAwait(false);

    private static ProviderBatch ParseBatch(BinaryData content, string what)
    {
        using var document = BatchJsonFields.Parse(content, what);
        return OpenAIBatchJson.Parse(document.RootElement);
    }

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };
}
