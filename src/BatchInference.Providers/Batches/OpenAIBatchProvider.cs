using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using BatchInference.Providers.Transport;
using Microsoft.Extensions.Logging;
using OpenAI.Batch;
using OpenAI.Files;

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
internal sealed class OpenAIBatchProvider : BatchApiProvider
{
    /// <summary>How far before <c>notBefore</c> the search for a batch keeps listing, for clock skew and slow creates.</summary>
    public static readonly TimeSpan FindLookback = TimeSpan.FromHours(1);

    private const int ListPageSize = 100;

    private readonly OpenAIFileClient _files;
    private readonly BatchClient _batches;
    private readonly bool _azure;

    public OpenAIBatchProvider(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger logger, Func<double> random)
        : base(options, timeProvider, logger, random)
    {
        _azure = options.Kind == ProviderKind.AzureOpenAI;
        MaxLines = _azure ? 100_000 : 50_000;
        var client = OpenAIClientFactory.Create(options, options.BatchRequestTimeout);
        _files = client.GetOpenAIFileClient();
        _batches = client.GetBatchClient();
    }

    public override int MaxLines { get; }

    /// <summary>200 MB per input file, counted in decimal megabytes to stay on the safe side.</summary>
    public override long MaxBytes => 200_000_000;

    protected override string BatchNoun => "batch";

    public override bool Supports(string url) => OpenAIProtocolSender.SupportsUrl(url, _azure ? ProviderKind.AzureOpenAI : ProviderKind.OpenAI);

    public override async Task<ProviderBatch> CreateAsync(
        BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default)
    {
        var startedAt = StartCreate(key, url, lines);
        using var file = OpenAIBatchInputFile.Write(url, lines);
        CheckSize(file.Length, "batch input file", nameof(lines));
        var fileId = await CallAsync("Uploading the batch input file", ct => UploadAsync(file, ct), cancellationToken).ConfigureAwait(false);
        var body = OpenAIBatchCreateBody.Write(fileId, url, _azure, key);
        return await CreateOrAdoptAsync(
            key,
            startedAt,
            lines.Count,
            async ct =>
            {
                using var content = BinaryContent.Create(body);
                var operation = await _batches.CreateBatchAsync(content, waitUntilCompleted: false, Options(ct)).ConfigureAwait(false);
                return ParseBatch(operation.GetRawResponse().Content, "create batch");
            },
            cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<ProviderBatch> GetOnceAsync(string batchId, CancellationToken cancellationToken) =>
        ParseBatch((await _batches.GetBatchAsync(batchId, Options(cancellationToken)).ConfigureAwait(false)).GetRawResponse().Content, "get batch");

    protected override async Task<ProviderBatch> CancelOnceAsync(string batchId, CancellationToken cancellationToken)
    {
        // The SDK cancels through an operation object; rehydrating it reads the batch once first.
        var operation = await CreateBatchOperation.RehydrateAsync(_batches, batchId, cancellationToken).ConfigureAwait(false);
        var result = await operation.CancelAsync(Options(cancellationToken)).ConfigureAwait(false);
        return ParseBatch(result.GetRawResponse().Content, "cancel batch");
    }

    protected override async IAsyncEnumerable<BatchResultLine> ReadEndedResultsAsync(
        ProviderBatch batch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var fileId in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (string.IsNullOrEmpty(fileId))
            {
                continue;
            }

            var operation = "Downloading result file " + fileId;
            using var response = await CallAsync(
                operation,
                async ct =>
                {
                    var options = Options(ct);
                    options.BufferResponse = false; // A result file can be hundreds of megabytes: stream it.
                    return (await _files.DownloadFileAsync(fileId, options).ConfigureAwait(false)).GetRawResponse();
                },
                cancellationToken).ConfigureAwait(false);
            await foreach (var line in ReadResultFileAsync(batch.Id, response.ContentStream ?? Stream.Null, OpenAIBatchResultParser.Parse, operation, cancellationToken)
                .ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }

    /// <summary>Lists batches newest first until they are older than the look-back window; returns the oldest match.</summary>
    protected override async Task<ProviderBatch?> FindOnceAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken) =>
        await BatchCallFailure.GuardAsync(
            "Listing batches",
            async ct =>
            {
                var cutoff = notBefore - FindLookback;
                var matches = new List<ProviderBatch>();
                await foreach (var page in _batches.GetBatchesAsync(after: null, limit: ListPageSize, Options(ct)).GetRawPagesAsync().ConfigureAwait(false))
                {
                    using var document = BatchJsonFields.Parse(page.GetRawResponse().Content, "list batches");
                    if (BatchListPage.Collect(document.RootElement, OpenAIBatchJson.Parse, cutoff, b => b.Key == key, matches))
                    {
                        break;
                    }
                }

                if (matches.Count > 1)
                {
                    Log.BatchFindAmbiguous(Logger, Name, matches.Count, key.JobId, key.Shard, key.Attempt, "adopting the oldest");
                }

                return matches.OrderBy(b => b.CreatedAt).FirstOrDefault();
            },
            cancellationToken).ConfigureAwait(false);

    private async Task<string> UploadAsync(MemoryStream file, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream(file.GetBuffer(), 0, (int)file.Length, writable: false);
        var uploaded = await _files.UploadFileAsync(copy, "batch-input.jsonl", FileUploadPurpose.Batch, cancellationToken).ConfigureAwait(false);
        return uploaded.Value.Id;
    }

    private static ProviderBatch ParseBatch(BinaryData content, string what)
    {
        using var document = BatchJsonFields.Parse(content, what);
        return OpenAIBatchJson.Parse(document.RootElement);
    }

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };
}
