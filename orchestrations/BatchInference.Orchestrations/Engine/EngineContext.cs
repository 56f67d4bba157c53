using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Leases;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations.Engine;

/// <summary>
/// What every step of the engine works with: storage, the providers, prices, the clock. The orchestrations
/// (<see cref="Durable.EngineDurableTasks"/>) decide what runs next.
/// </summary>
internal sealed class EngineContext(
    IBlobStore blobs, ProviderSet providers, PriceCatalog catalog, TimeProvider time, EngineOptions options, ILogger logger)
{
    public IBlobStore Blobs { get; } = blobs;

    public ProviderSet Providers { get; } = providers;

    public PriceCatalog Catalog { get; } = catalog;

    /// <summary>The catalog as the planner reads it: offers, limits and completion times per provider, model and tier.</summary>
    public Planning.TierCatalog TierCatalog { get; } = new(catalog);

    public TimeProvider Time { get; } = time;

    /// <summary>The leases this worker's handlers hold, so two of them never hold the same one at once.</summary>
    public Leases.HeldLeases HeldLeases { get; } = new();

    public EngineOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public StateStore<JobState> Jobs { get; } = new(blobs, StateJsonContext.Default.JobState);

    public StateStore<ShardState> Shards { get; } = new(blobs, StateJsonContext.Default.ShardState, s => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["status"] = s.Status.ToString(),
        ["runs"] = s.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["lines"] = s.LineCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["tier"] = s.Tier,
        ["next_poll"] = s.Batch?.NextPollAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    });

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Recorded completion times and throughput, per provider endpoint, model, tier and size bucket.</summary>
    public History.CompletionHistoryStore History { get; } = new(blobs, options.History);

    /// <summary>Each configured provider's base URL (null when unknown), which scopes its history.</summary>
    public IReadOnlyDictionary<string, Uri?> ProviderUrls => Providers.Names.ToDictionary(n => n, n => Providers.Find(n)!.BaseUrl, StringComparer.Ordinal);

    /// <summary>The task hub's client, through which a finished job starts its webhook deliveries; null in contexts that
    /// never finish jobs (tests of single steps).</summary>
    public Microsoft.DurableTask.Client.DurableTaskClient? Orchestrations { get; init; }

    /// <summary>Where webhooks may point (<see cref="Notifications.NotifyOptions"/>).</summary>
    public Notifications.WebhookTargetGuard WebhookGuard => _webhookGuard ??= new(Options.Notify);

    /// <summary>The client webhooks are sent with, created on first use (one handler per engine).</summary>
    public HttpClient WebhookClient => _webhookClient ??= Notifications.WebhookHttpClient.Create(WebhookGuard, Options.Notify.SendTimeout);

    /// <summary>The Event Grid topic's publisher, created on first use; null when <c>Notify:EventGrid:Endpoint</c> is unset.</summary>
    public Azure.Messaging.EventGrid.EventGridPublisherClient? EventGridClient => _eventGrid ??= Notifications.EventGridPublishing.Create(Options.Notify);

    private Azure.Messaging.EventGrid.EventGridPublisherClient? _eventGrid;
    private Notifications.WebhookTargetGuard? _webhookGuard;
    private HttpClient? _webhookClient;

    /// <summary>The provider called <paramref name="name"/> (the default provider when null); throws naming the setting when missing.</summary>
    public ProviderEndpoint Provider(string? name)
    {
        name ??= Options.Provider;
        return Providers.Find(name) ?? throw new InvalidOperationException(
            $"Work was planned on provider '{name}', but this worker has no such provider configured (Providers:<name> settings); configured: {string.Join(", ", Providers.Names)}.");
    }

    public Task<BlobLeaseHolder?> TryLeaseAsync(string workBlobName, CancellationToken cancellationToken) =>
        BlobLeaseHolder.TryAcquireAsync(
            Blobs, HeldLeases, StorageLayout.WorkContainer, workBlobName, Options.WorkerId, Options.LeaseDuration, Time, Logger, cancellationToken);

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
