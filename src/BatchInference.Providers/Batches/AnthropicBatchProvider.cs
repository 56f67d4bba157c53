using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages.Batches;
using BatchInference.Providers.Transport;
using Microsoft.Extensions.Logging;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Anthropic's Message Batches API through the official Anthropic SDK, raw JSON in and out: each line's body becomes a
/// request's <c>params</c> (handed to the SDK as a JSON element, so every field survives; the SDK re-serializes it,
/// which may re-escape strings), and batch objects and results are read from the raw responses rather than the SDK's
/// typed models. The SDK's retries are off; control calls go through one retry pipeline.
/// </summary>
internal sealed class AnthropicBatchProvider : BatchApiProvider
{
    /// <summary>
    /// How much earlier than <c>notBefore</c> a batch's <c>created_at</c> (the provider's clock) may be and still count
    /// as created after it (our clock): without metadata, clock skew must not hide the batch from adoption.
    /// </summary>
    public static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(1);

    private const int ListPageSize = 100;
    private static readonly IReadOnlyDictionary<string, JsonElement> NoValues = FrozenDictionary<string, JsonElement>.Empty;

    private readonly AnthropicClient _client;

    public AnthropicBatchProvider(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger logger, Func<double> random)
        : base(options, timeProvider, logger, random)
    {
        _client = AnthropicSdkClientFactory.Create(options, options.BatchRequestTimeout);
    }

    public override int MaxLines => 100_000;

    /// <summary>256 MB per create request, counted in decimal megabytes to stay on the safe side.</summary>
    public override long MaxBytes => 256_000_000;

    protected override string BatchNoun => "message batch";

    public override bool Supports(string url) => url == AnthropicEndpoint.MessagesUrl;

    public override async Task<ProviderBatch> CreateAsync(
        BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default)
    {
        var startedAt = StartCreate(key, url, lines);
        using var body = AnthropicBatchRequests.Write(lines);
        CheckSize(body.Length, "batch request", nameof(lines));
        using var document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
        var parameters = BatchCreateParams.FromRawUnchecked(
            NoValues,
            NoValues,
            new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["requests"] = document.RootElement.GetProperty("requests") });
        return await CreateOrAdoptAsync(
            key,
            startedAt,
            lines.Count,
            async ct => await ReadBatchAsync(await _client.WithRawResponse.Messages.Batches.Create(parameters, ct).ConfigureAwait(false), key, ct)
                .ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    protected override string DescribeUnsupported(string url) =>
        $"The {Name} batch API serves only '{AnthropicEndpoint.MessagesUrl}', not '{url}'.";

    protected override async Task<ProviderBatch> GetOnceAsync(string batchId, CancellationToken cancellationToken) =>
        await ReadBatchAsync(
            await _client.WithRawResponse.Messages.Batches.Retrieve(new BatchRetrieveParams { MessageBatchID = batchId }, cancellationToken)
                .ConfigureAwait(false),
            null,
            cancellationToken).ConfigureAwait(false);

    protected override async Task<ProviderBatch> CancelOnceAsync(string batchId, CancellationToken cancellationToken) =>
        await ReadBatchAsync(
            await _client.WithRawResponse.Messages.Batches.Cancel(new BatchCancelParams { MessageBatchID = batchId }, cancellationToken)
                .ConfigureAwait(false),
            null,
            cancellationToken).ConfigureAwait(false);

    protected override async IAsyncEnumerable<BatchResultLine> ReadEndedResultsAsync(
        ProviderBatch batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var operation = "Downloading the results of message batch " + batch.Id;
        using var response = await CallAsync<HttpResponse>(
            operation,
            async ct => await _client.WithRawResponse.Messages.Batches
                .ResultsStreaming(new BatchResultsParams { MessageBatchID = batch.Id }, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        // The SDK would turn each line into its typed model; the raw stream keeps every message byte for byte.
        var stream = await BatchCallFailure.GuardAsync(operation, response.ReadAsStream, cancellationToken).ConfigureAwait(false);
        await foreach (var line in ReadResultFileAsync(batch.Id, stream, AnthropicBatchResultParser.Parse, operation, cancellationToken)
            .ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>
    /// Lists batches newest first down to <paramref name="notBefore"/> (less the skew tolerance) and returns the one
    /// holding exactly <paramref name="lines"/> requests, when exactly one does.
    /// </summary>
    protected override async Task<ProviderBatch?> FindOnceAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken) =>
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
                    var reachedCutoff = BatchListPage.Collect(
                        page.RootElement, item => AnthropicBatchJson.Parse(item, key), cutoff, b => b.CreatedAt >= cutoff && b.Total == lines, matches);
                    after = BatchJsonFields.String(page.RootElement, "last_id");
                    var hasMore = page.RootElement.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
                    if (reachedCutoff || !hasMore || after is null)
                    {
                        break;
                    }
                }

                if (matches.Count > 1)
                {
                    Log.BatchFindAmbiguous(Logger, Name, matches.Count, key.JobId, key.Shard, key.Attempt, "adopting none");
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
