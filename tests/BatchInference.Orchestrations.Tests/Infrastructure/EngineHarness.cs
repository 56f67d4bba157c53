using System.Runtime.CompilerServices;
using BatchInference.Emulator;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>
/// The job runner composed as the CLI composes it, on real parts: Azurite for storage, the provider emulator over HTTP,
/// the built-in price catalog. Each harness has its own emulator (so its request log is the test's alone) and its own
/// temp folder for the spool and downloaded reports.
/// </summary>
internal sealed partial class JobRunnerHarness : IAsyncDisposable
{
    private readonly string _tempDirectory;

    private JobRunnerHarness(
        EmulatorServer emulator, AzureBlobStore blobs, JobRunner runner, ProviderEndpointOptions provider, string tempDirectory)
    {
        Emulator = emulator;
        Blobs = blobs;
        Runner = runner;
        Provider = provider;
        _tempDirectory = tempDirectory;
    }

    public EmulatorServer Emulator { get; }

    public AzureBlobStore Blobs { get; }

    public JobRunner Runner { get; }

    public ProviderEndpointOptions Provider { get; }

    /// <summary>Where the runner spools; <c>bi-spool</c> under it must be empty once a job is done.</summary>
    public string SpoolDirectory => Path.Combine(_tempDirectory, "spool");

    public static async Task<JobRunnerHarness> StartAsync(
        AzuriteFixture azurite,
        Action<EmulatorOptions>? emulator = null,
        Action<ProviderEndpointOptions>? provider = null,
        Action<JobRunnerOptions>? runner = null,
        TimeProvider? runnerTime = null)
    {
        var emulatorOptions = new EmulatorOptions { Seed = 7 };
        emulator?.Invoke(emulatorOptions);
        var server = await EmulatorServer.StartAsync(emulatorOptions, TimeProvider.System, NullLoggerFactory.Instance);
        try
        {
            var endpoint = new ProviderEndpointOptions
            {
                BaseUrl = new Uri(server.BaseAddress, "v1"),
                ApiKey = "test",
                MaxConcurrency = 8,
                BaseRetryDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            };
            provider?.Invoke(endpoint);
            var client = new RealtimeClient(endpoint, TimeProvider.System);

            var temp = Directory.CreateTempSubdirectory("bi-orchestrations-tests-").FullName;
            var options = new JobRunnerOptions { SpoolDirectory = Path.Combine(temp, "spool") };
            runner?.Invoke(options);
            var blobs = azurite.CreateBlobStore();
            var jobRunner = new JobRunner(blobs, client, PriceCatalog.BuiltIn(), runnerTime ?? TimeProvider.System, options);
            await jobRunner.EnsureContainersAsync();
            return new JobRunnerHarness(server, blobs, jobRunner, endpoint, temp);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Uploads a job under a name no other test uses and returns that name.</summary>
    public async Task<string> UploadJobAsync(
        byte[] content, IReadOnlyDictionary<string, string>? metadata = null, [CallerMemberName] string testName = "")
    {
        var name = $"{StorageLayout.IncomingPrefix}{testName}-{Guid.NewGuid():N}.jsonl";
        await UploadAsync(name, content, metadata);
        return name;
    }

    /// <summary>Uploads (or replaces) <paramref name="blobName"/> in the jobs container; returns its new ETag.</summary>
    public async Task<string> UploadAsync(string blobName, byte[] content, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var result = await Blobs.UploadAsync(
            StorageLayout.JobsContainer, blobName, new BinaryData(content),
            new BlobUploadOptions { ContentType = "application/jsonl", Metadata = metadata });
        Assert.True(result.Succeeded, $"Uploading {blobName} failed: {result.Outcome} {result.ErrorCode}");
        return result.ETag!.Value.ToString();
    }

    public Task UploadSidecarAsync(string jobBlobName, string json) =>
        UploadAsync(StorageLayout.Sidecar(jobBlobName), System.Text.Encoding.UTF8.GetBytes(json));

    public Task<JobSummary> RunAsync(string blobName, IProgress<JobProgress>? progress = null) =>
        Runner.RunAsync(StorageLayout.JobsContainer, blobName, progress);

    public async Task<BlobProperties> GetJobPropertiesAsync(string blobName) =>
        await Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blobName)
        ?? throw new InvalidOperationException($"{blobName} does not exist.");

    /// <summary>The id the runner must give the job: from its path and current ETag.</summary>
    public async Task<string> ExpectedJobIdAsync(string blobName) =>
        JobId.ForBlob(StorageLayout.JobsContainer, blobName, (await GetJobPropertiesAsync(blobName)).ETag.ToString());

    /// <summary>Every emulator request whose client request id belongs to <paramref name="customId"/> of <paramref name="jobId"/>.</summary>
    public IReadOnlyList<EmulatorRequestRecord> RequestsFor(string jobId, string customId) =>
        [.. Emulator.RequestLog.Snapshot().Where(r => r.ClientRequestId?.StartsWith($"{jobId}:{customId}:", StringComparison.Ordinal) == true)];

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change any result.
        }
    }

    private string NewTempFile(string name) => Path.Combine(_tempDirectory, $"{Guid.NewGuid():N}-{name}");
}
