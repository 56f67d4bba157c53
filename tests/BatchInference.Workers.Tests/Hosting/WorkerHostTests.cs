using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Workers.Tests.Support;
using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>
/// The worker host against a real Azurite. Locks, delays and back-offs lapse on Azurite's own clock, so the host runs on
/// the system clock with short durations, and the tests wait for what the host does (stats, handler calls, queue
/// contents) with bounded polls, never for a fixed time.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed partial class WorkerHostTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        var queue = NewClient();
        var poison = NewClient();

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new WorkerHost(queue, poison, new RecordingHandler(), TimeProvider.System, new WorkerOptions { MaxDeliveryCount = 0 }));

        Assert.Equal(nameof(WorkerOptions.MaxDeliveryCount), error.ParamName);
    }

    [Fact]
    public void Constructor_PoisonQueueIsTheWorkQueue_Throws()
    {
        var queue = NewClient();

        Assert.Throws<ArgumentException>(() => new WorkerHost(queue, queue, new RecordingHandler(), TimeProvider.System));
    }

    [Fact]
    public async Task RunAsync_AlreadyRunning_Throws()
    {
        var (queue, poison) = await NewQueuesAsync();
        await using var worker = Start(queue, poison, new RecordingHandler());

        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.Host.RunAsync());
    }

    private static WorkerOptions FastOptions() => new()
    {
        LockDuration = TimeSpan.FromSeconds(2),
        IdlePollInterval = TimeSpan.FromMilliseconds(200),
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Few retries with short delays: a failing call fails fast.</summary>

    private static RunningHost Start(
        IWorkQueue queue, IWorkQueue poison, IWorkHandler handler, WorkerOptions? options = null, FakeLogger<WorkerHost>? logger = null) =>
        new(new WorkerHost(queue, poison, handler, TimeProvider.System, options ?? FastOptions(), logger));

    private StorageQueueClient NewClient(string? queueName = null) =>
        azurite.CreateQueueClient(queueName ?? azurite.NewContainerName("w"));

    private async Task<(StorageQueueClient Queue, StorageQueueClient Poison)> NewQueuesAsync()
    {
        var queue = NewClient();
        var poison = NewClient();
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        return (queue, poison);
    }

    private static Task UntilEmptyAsync(IWorkQueue queue, string what) =>
        Poll.UntilAsync(async () => await queue.GetApproximateCountAsync() == 0, what, Bound, QueuePollInterval);
}
