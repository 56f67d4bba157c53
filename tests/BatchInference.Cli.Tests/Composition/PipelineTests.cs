using Azure.Data.Tables;
using Azure.Storage.Queues;
using BatchInference.Cli.Composition;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Composition;

[Collection(AzuriteFixture.CollectionName)]
public sealed class PipelineTests(AzuriteFixture azurite)
{
    private static readonly IAnsiConsole Silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

    [Theory]
    [InlineData("Engine:ShardMaxLines", "0", "Engine:ShardMaxLines must be at least 1")]
    [InlineData("Storage:ConnectionString", "AccountName=only;DefaultEndpointsProtocol=ftp", "Storage:ConnectionString is invalid")]
    [InlineData("Providers:OpenAI:BaseUrl", "ftp://example.com/v1", "Providers settings are invalid")]
    [InlineData("Durable:TaskHubName", "bi-jobs", "Durable__TaskHubName 'bi-jobs' is not a valid task hub name")]
    [InlineData("Durable:MaxConcurrentActivities", "0", "Durable__MaxConcurrentActivities must be at least 1")]
    [InlineData("Durable:WorkItemVisibilityTimeout", "00:00:05", "Durable__WorkItemVisibilityTimeout must be at least 10 s")]
    [InlineData("Durable:PartitionCount", "many", "Durable__PartitionCount is not a whole number")]
    public async Task StartAsync_InvalidSetting_ThrowsUsageExceptionNamingIt(string key, string value, string expected)
    {
        var configuration = Configuration(new() { ["Storage:ConnectionString"] = azurite.ConnectionString, [key] = value });

        var error = await Assert.ThrowsAsync<UsageException>(() => Pipeline.StartAsync(configuration, new PipelineSettings(), Silent, NullLoggerFactory.Instance));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TaskHubNameConfigured_EngineStartsJobsOnThatTaskHub()
    {
        var name = "clipipeline" + Guid.NewGuid().ToString("N")[..12];
        var configuration = Configuration(new() { ["Storage:ConnectionString"] = azurite.ConnectionString, ["Durable:TaskHubName"] = name });
        await using var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings(), Silent, NullLoggerFactory.Instance);
        var blobs = azurite.CreateBlobStore();
        var blob = $"incoming/pipeline-{Guid.NewGuid():N}.jsonl";
        await blobs.UploadAsync(StorageLayout.JobsContainer, blob, new BinaryData("{}\n"u8.ToArray()), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["sidecar"] = "none" } });

        var jobId = await pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);

        // Not a private task hub: it outlives the command for the workers, and the job's orchestration waits in it.
        Assert.Equal(name, pipeline.Durable.TaskHubName);
        await using var other = new TaskHubDurableTaskClient(azurite.Account, new DurableTaskHubOptions { TaskHubName = name });
        var instance = await other.GetInstanceAsync(EngineOrchestrations.JobInstanceId(jobId));
        Assert.NotNull(instance);
        Assert.Equal(EngineOrchestrations.Job, instance.Name);
        await other.DeleteTaskHubAsync();
    }

    [Fact]
    public async Task DisposeAsync_PrivateTaskHub_DeletesItsTablesAndQueues()
    {
        var configuration = Configuration(new() { ["Storage:ConnectionString"] = azurite.ConnectionString });
        var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings { PrivateTaskHub = true }, Silent, NullLoggerFactory.Instance);
        var name = pipeline.Durable.TaskHubName;
        Assert.StartsWith(Pipeline.PrivateTaskHubPrefix, name, StringComparison.Ordinal);
        await using (var worker = pipeline.CreateWorker(new DurableWorkerStats()))
        {
            await worker.StartAsync(); // creates the task hub
        }

        Assert.NotEmpty(await TaskHubTablesAsync(name));

        await pipeline.DisposeAsync();

        Assert.Empty(await TaskHubTablesAsync(name));
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions(StorageClientOptions.QueueServiceVersion));
        await foreach (var queue in queues.GetQueuesAsync(prefix: name.ToLowerInvariant()))
        {
            Assert.Fail($"Queue {queue.Name} of the private task hub is left.");
        }
    }

    private async Task<List<string>> TaskHubTablesAsync(string taskHub)
    {
        var tables = new TableServiceClient(TaskHubService.WithoutTrailingSlashOnTableEndpoint(azurite.ConnectionString));
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            if (table.Name.StartsWith(taskHub, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(table.Name);
            }
        }

        return names;
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
