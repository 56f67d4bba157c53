using BatchInference.Storage.Blobs;
using BatchInference.Storage.Local;
using BatchInference.Testing;

namespace BatchInference.Bench.Tiers;

/// <summary>An Azurite of the benchmark's own (in memory, on free loopback ports) and a blob client for it.</summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly AzuriteInstance _azurite;

    private BenchStorage(AzuriteInstance azurite)
    {
        _azurite = azurite;
        Blobs = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
    }

    public string ConnectionString => _azurite.ConnectionString;

    public AzureBlobStore Blobs { get; }

    public static async Task<BenchStorage> StartAsync(CancellationToken cancellationToken = default)
    {
        var azurite = await AzuriteLauncher.StartAsync(
            new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules, InMemoryPersistence = true }, cancellationToken);
        Console.Error.WriteLine($"Azurite at {azurite.BlobEndpoint} (in memory)");
        return new BenchStorage(azurite);
    }

    public ValueTask DisposeAsync() => _azurite.DisposeAsync();
}
