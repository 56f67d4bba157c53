using BatchInference.Storage.Clients;
using BatchInference.Storage.Local;
using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Workers.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>Receive failures: a worker logs them, backs off and carries on when storage is back.</summary>
public sealed partial class WorkerHostTests
{
    private const int ReceiveFailedEvent = 7030;
    private const int ReceiveRecoveredEvent = 7031;

    [Fact]
    public async Task RunAsync_QueueMissing_LogsWarningsAndWorksOnceItExists()
    {
        var queue = NewClient();
        var poison = NewClient();
        await poison.CreateIfNotExistsAsync();
        var logger = new FakeLogger<WorkerHost>();
        var options = FastOptions();
        options.IdlePollInterval = TimeSpan.FromMilliseconds(100);
        await using var worker = Start(queue, poison, new RecordingHandler(), options, logger);

        await Poll.UntilAsync(() => logger.Collector.GetSnapshot().Count(e => e.Id.Id == ReceiveFailedEvent) >= 2, "two failed receives", Bound);
        await queue.CreateIfNotExistsAsync();
        await queue.SendAsync(BinaryData.FromString("after-the-fix"));
        await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the message to be completed", Bound);

        var failure = logger.Collector.GetSnapshot().First(e => e.Id.Id == ReceiveFailedEvent);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Equal(404, Assert.IsType<QueueStorageException>(failure.Exception).Status);
        Assert.Equal(1, logger.Collector.GetSnapshot().Count(e => e.Id.Id == ReceiveRecoveredEvent));
        Assert.False(worker.Run.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_StorageRestarts_KeepsReceivingAfterwards()
    {
        var launch = new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules };
        var storage = await AzuriteLauncher.StartAsync(launch);
        var service = StorageAccount.FromConnectionString(storage.ConnectionString).CreateQueueServiceClient(StorageClientOptions.ForQueues(AzuriteFixture.FastRetries));
        var queue = new StorageQueueClient(service.GetQueueClient("work"));
        var poison = new StorageQueueClient(service.GetQueueClient("work-poison"));
        var logger = new FakeLogger<WorkerHost>();
        var options = FastOptions();
        options.IdlePollInterval = TimeSpan.FromMilliseconds(100);
        try
        {
            await queue.CreateIfNotExistsAsync();
            await poison.CreateIfNotExistsAsync();
            await queue.SendAsync(BinaryData.FromString("before"));
            await using var worker = Start(queue, poison, new RecordingHandler(), options, logger);
            await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the first message to be completed", Bound);

            await storage.DisposeAsync();
            await Poll.UntilAsync(() => logger.Collector.GetSnapshot().Count(e => e.Id.Id == ReceiveFailedEvent) >= 1, "a receive to fail while storage is down", Bound);
            launch.BlobPort = storage.BlobPort;
            launch.QueuePort = storage.QueuePort;
            launch.TablePort = storage.TablePort;
            storage = await AzuriteLauncher.StartAsync(launch);
            // In-memory storage came back empty: the queues are created again, as a deployment would.
            await queue.CreateIfNotExistsAsync();
            await poison.CreateIfNotExistsAsync();
            await queue.SendAsync(BinaryData.FromString("after"));

            await Poll.UntilAsync(() => worker.Stats.Completed == 2, "the message sent after the restart to be completed", Bound);
            Assert.Equal(1, logger.Collector.GetSnapshot().Count(e => e.Id.Id == ReceiveRecoveredEvent));
            Assert.False(worker.Run.IsCompleted);
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }
}
