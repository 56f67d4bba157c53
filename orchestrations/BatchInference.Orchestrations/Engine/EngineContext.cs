using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Leases;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.State;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations.Engine;

/// <summary>What every step of the engine works with: storage, the queue, the provider, prices, the clock.</summary>
internal sealed class EngineContext(
    IBlobStore blobs, IWorkQueue queue, RealtimeClient client, PriceCatalog catalog, TimeProvider time, EngineOptions options, ILogger logger)
{
    public IBlobStore Blobs { get; } = blobs;

    public RealtimeClient Client { get; } = client;

    public PriceCatalog Catalog { get; } = catalog;

    public TimeProvider Time { get; } = time;

    public EngineOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public StateStore<JobState> Jobs { get; } = new(blobs, StateJsonContext.Default.JobState);

    public StateStore<ShardState> Shards { get; } = new(blobs, StateJsonContext.Default.ShardState, s => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["status"] = s.Status.ToString(),
        ["runs"] = s.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["lines"] = s.LineCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public DateTimeOffset Now => Time.GetUtcNow();

    public Task SendAsync(EngineMessage message, CancellationToken cancellationToken) =>
        queue.SendAsync(EngineMessageJson.ToBody(message), delay: null, cancellationToken);

    public Task SendLaterAsync(EngineMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        queue.SendAsync(EngineMessageJson.ToBody(message), delay, cancellationToken);

    public Task<BlobLeaseHolder?> TryLeaseAsync(string workBlobName, CancellationToken cancellationToken) =>
        BlobLeaseHolder.TryAcquireAsync(
            Blobs, StorageLayout.WorkContainer, workBlobName, Options.WorkerId, Options.LeaseDuration, Time, Logger, cancellationToken);

    /// <summary>The job lock blob (created on first use) leased: only one worker splits or finishes a job at a time.</summary>
    public async Task<BlobLeaseHolder?> TryLockJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobLock(jobId);
        await Blobs.UploadAsync(
            StorageLayout.WorkContainer, name, BinaryData.Empty, new BlobUploadOptions { Conditions = BlobConditions.IfNotExists }, cancellationToken)
            .ConfigureAwait(false);
        return await TryLeaseAsync(name, cancellationToken).ConfigureAwait(false);
    }
}
