using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;
using BatchInference.Storage.Local;
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

    public StorageConnectionString Connection => StorageConnectionString.Parse(ConnectionString);

    public async Task InitializeAsync() =>
        _instance = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules });

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }

    /// <summary>A blob store on this Azurite (Shared Key). Few retries with short delays keep failing tests fast.</summary>
    public AzureBlobStore CreateBlobStore(BlobStoreOptions? options = null)
    {
        if (options is null)
        {
            options = new BlobStoreOptions();
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(50);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        }

        return new AzureBlobStore(Connection, options);
    }

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
