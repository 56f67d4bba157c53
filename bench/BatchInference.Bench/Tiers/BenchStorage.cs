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

    /// <summary>
    /// Runs <paramref name="run"/> with a storage of its own and a spool folder (<c>bench-&lt;name&gt;-*</c>, deleted
    /// afterwards); a job that fails or times out (<see cref="InvalidOperationException"/>, <see cref="TimeoutException"/>)
    /// prints its message and makes the exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(string name, Func<BenchStorage, string, Task<int>> run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var spool = Directory.CreateTempSubdirectory($"bench-{name}-").FullName;
        try
        {
            await using var storage = await StartAsync(cancellationToken);
            return await run(storage, spool);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => _azurite.DisposeAsync();
}
