using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages.Batches;
using BatchInference.Providers.Transport;
using Microsoft.Extensions.Logging;
using Polly;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Anthropic's Message Batches API through the official Anthropic SDK, raw JSON in and out: each line's body becomes a
/// request's <c>params</c> (handed to the SDK as a JSON element, so every field survives; the SDK re-serializes it,
/// which may re-escape strings), and batch objects and results are read from the raw responses rather than the SDK's
/// typed models. The SDK's retries are off; control calls go through one retry pipeline.
/// </summary>
internal sealed class AnthropicBatchProvider : IBatchProvider
{
    /// <summary>
    /// How much earlier than <c>notBefore</c> a batch's <c>created_at</c> (the provider's clock) may be and still count
    /// as created after it (our clock): without metadata, clock skew must not hide the batch from adoption.
    /// </summary>
    public static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(1);

    private const int ListPageSize = 100;
    private static readonly IReadOnlyDictionary<string, JsonElement> NoValues = FrozenDictionary<string, JsonElement>.Empty;

    private readonly AnthropicClient _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public AnthropicBatchProvider(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger logger, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Name = options.Name;
        _timeProvider = timeProvider;
        _logger = logger;
        _client = AnthropicSdkClientFactory.Create(options, options.BatchRequestTimeout);
        _pipeline = BatchControlPipeline.Build(options, timeProvider, logger, random);
    }

    public string Name { get; }

    public int MaxLines => 100_000;

    /// <summary>256 MB per create request, counted in decimal megabytes to stay on the safe side.</summary>
    public long MaxBytes => 256_000_000;

    public bool Supports(string url) => url == AnthropicEndpoint.MessagesUrl;

    public Task<ProviderBatch?> FindAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _pipeline.ExecuteAsync(
            async ct => await FindOnceAsync(key, notBefore, lines, ct).ConfigureAwait(false),
            cancellationToken).AsTask();
    }

    public async Task<ProviderBatch> CreateAsync(BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(lines);
        if (!Supports(url))
        {
            throw new ArgumentException($"The {Name} batch API serves only '{AnthropicEndpoint.MessagesUrl}', not '{url}'.", nameof(url));
        }

        if (lines.Count is 0 || lines.Count > MaxLines)
        {
            throw new ArgumentException($"A {Name} batch holds 1 to {MaxLines} requests, not {lines.Count}.", nameof(lines));
        }

        var startedAt = _timeProvider.GetUtcNow();
        using var body = AnthropicBatchRequests.Write(lines);
        if (body.Length > MaxBytes)
        {
            throw new ArgumentException($"The batch request is {body.Length} bytes; {Name} takes at most {MaxBytes}.", nameof(lines));
        }

        using var document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
        var parameters = BatchCreateParams.FromRawUnchecked(
            NoValues,
            NoValues,
            new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["requests"] = document.RootElement.GetProperty("requests") });
        var attempt = 0;
        var batch = await _pipeline.ExecuteAsync(
            async ct =>
            {
                // A create that failed without a clear answer may still have created the batch: look before paying twice.
                if (attempt++ > 0 && await FindOnceAsync(key, startedAt, lines.Count, ct).ConfigureAwait(false) is { } existing)
                {
                    Log.BatchAdoptedAfterFailedCreate(_logger, Name, key.JobId, key.Shard, key.Attempt, existing.Id);
                    return existing;
                }

                return await BatchCallFailure.GuardAsync(
                    "Creating the message batch",
                    async inner => await ReadBatchAsync(
                        await _client.WithRawResponse.Messages.Batches.Create(parameters, inner).ConfigureAwait(false), key, inner).ConfigureAwait(false),
                    ct).ConfigureAwait(false);
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
                "Getting message batch " + batchId,
                async inner => await ReadBatchAsync(
                    await _client.WithRawResponse.Messages.Batches.Retrieve(new BatchRetrieveParams { MessageBatchID = batchId }, inner)
                        .ConfigureAwait(false),
                    null,
                    inner).ConfigureAwait(false),
                ct).ConfigureAwait(false),
            cancellationToken).AsTask();
    }

    public async Task<ProviderBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        var batch = await _pipeline.ExecuteAsync(
            async ct => await BatchCallFailure.GuardAsync(
                "Cancelling message batch " + batchId,
                async inner => await ReadBatchAsync(
                    await _client.WithRawResponse.Messages.Batches.Cancel(new BatchCancelParams { MessageBatchID = batchId }, inner)
                        .ConfigureAwait(false),
                    null,
                    inner).ConfigureAwait(false),
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

        var operation = "Downloading the results of message batch " + batch.Id;
        using var response = await _pipeline.ExecuteAsync(
            async ct => await BatchCallFailure.GuardAsync<HttpResponse>(
                operation,
                async inner => await _client.WithRawResponse.Messages.Batches
                    .ResultsStreaming(new BatchResultsParams { MessageBatchID = batch.Id }, inner).ConfigureAwait(false),
                ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        // The SDK would turn each line into its typed model; the raw stream keeps every message byte for byte.
        var stream = await BatchCallFailure.GuardAsync(operation, response.ReadAsStream, cancellationToken).ConfigureAwait(false);
        var lines = BatchResultFile.ReadAsync(
            stream,
            AnthropicBatchResultParser.Parse,
            operation,
            (number, reason) => Log.BatchResultLineSkipped(_logger, Name, batch.Id, number, reason),
            cancellationToken);
        await foreach (var line in lines.ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>
    /// Lists batches newest first down to <paramref name="notBefore"/> (less the skew tolerance) and returns the one
    /// holding exactly <paramref name="lines"/> requests, when exactly one does.
    /// </summary>
    private async Task<ProviderBatch?> FindOnceAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken) =>
        await BatchCallFailure.GuardAsync(
            "Listing message batches",
            async ct =>
            {
                var cutoff = notBefore - ClockSkewTolerance;
                var matches = new List<ProviderBatch>();
                string? after = null;
                while (true)
                {
                    using var response = await _client.WithRawResponse.Messages.Batches
                        .List(new BatchListParams { Limit = ListPageSize, AfterID = after }, ct).ConfigureAwait(false);
                    using var page = await BatchJsonFields.ParseAsync(await response.ReadAsStream(ct).ConfigureAwait(false), "list message batches", ct)
                        .ConfigureAwait(false);
                    var reachedCutoff = false;
                    if (page.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in data.EnumerateArray())
                        {
                            var batch = AnthropicBatchJson.Parse(item, key);
                            reachedCutoff |= batch.CreatedAt < cutoff;
                            if (batch.CreatedAt >= cutoff && batch.Total == lines)
                            {
                                matches.Add(batch);
                            }
                        }
                    }

                    after = BatchJsonFields.String(page.RootElement, "last_id");
                    var hasMore = page.RootElement.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
                    if (reachedCutoff || !hasMore || after is null)
                    {
                        break;
                    }
                }

                if (matches.Count > 1)
                {
                    Log.BatchFindAmbiguous(_logger, Name, matches.Count, key.JobId, key.Shard, key.Attempt, "adopting none");
                }

                return matches.Count == 1 ? matches[0] : null;
            },
            cancellationToken).ConfigureAwait(false);

    private static async Task<ProviderBatch> ReadBatchAsync(HttpResponse response, BatchKey? key, CancellationToken cancellationToken)
    {
        using (response)
        {
            using var document = await BatchJsonFields.ParseAsync(await response.ReadAsStream(cancellationToken).ConfigureAwait(false), "a message batch call", cancellationToken)
                .ConfigureAwait(false);
            return AnthropicBatchJson.Parse(document.RootElement, key);
        }
    }
}
