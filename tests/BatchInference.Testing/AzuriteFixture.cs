using Azure.Core;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using BatchInference.Storage.Local;
using BatchInference.Storage.Queues;
using Xunit;

namespace BatchInference.Testing;

/// <summary>
/// Starts one in-memory Azurite on free ports for the tests that share it, and hands out blob stores and unique
/// container names so tests do not see each other's data. Use it as a collection fixture; xunit needs the
/// collection definition inside each test assembly:
/// <code>
/// [CollectionDefinition(AzuriteFixture.CollectionName)]
/// public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// then mark test classes <c>[Collection(AzuriteFixture.CollectionName)]</c> and take the fixture in the constructor.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The collection name to use in <c>[CollectionDefinition]</c> and <c>[Collection]</c>.</summary>
    public const string CollectionName = "Azurite";

    private AzuriteInstance? _instance;
    private int _containerCounter;

    public AzuriteInstance Instance => _instance ?? throw new InvalidOperationException("Azurite has not started yet.");

    public string ConnectionString => Instance.ConnectionString;

    /// <summary>The account, read from <see cref="ConnectionString"/> as the hosts read it.</summary>
    public StorageAccount Account => StorageAccount.FromConnectionString(ConnectionString);

    /// <summary>Few retries with short delays keep failing tests fast.</summary>
    public static Action<RetryOptions> FastRetries => retry =>
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(50);
        retry.MaxDelay = TimeSpan.FromMilliseconds(200);
    };

    public async Task InitializeAsync() =>
        _instance = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules });

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }

    /// <summary>A blob store on this Azurite (the development key), with <see cref="FastRetries"/>.</summary>
    public AzureBlobStore CreateBlobStore(BlobStoreOptions? options = null) =>
        new(Account.CreateBlobServiceClient(StorageClientOptions.ForBlobs(FastRetries)), options);

    /// <summary>A queue client on this Azurite (the queue is not created), with <see cref="FastRetries"/>.</summary>
    public StorageQueueClient CreateQueueClient(string queueName, StorageQueueOptions? options = null) =>
        new(Account.CreateQueueServiceClient(StorageClientOptions.ForQueues(FastRetries)).GetQueueClient(queueName), options);

    /// <summary>A container name no other test in this run uses (the container is not created).</summary>
    public string NewContainerName(string prefix = "t")
    {
        var n = Interlocked.Increment(ref _containerCounter);
        var name = $"{prefix.ToLowerInvariant()}-{n}-{Guid.NewGuid():N}";
        return name.Length > 63 ? name[..63].TrimEnd('-') : name;
    }

    /// <summary>Creates a fresh container and returns its name.</summary>
    public async Task<string> CreateContainerAsync(IBlobStore store, string prefix = "t")
    {
        var container = NewContainerName(prefix);
        await store.CreateContainerIfNotExistsAsync(container);
        return container;
    }
}
