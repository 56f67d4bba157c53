using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Local;

/// <summary>The local drop trigger on Azurite and a task hub of the test's own (no worker: the orchestrations only start).</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class LocalTriggerLoopTests(AzuriteFixture azurite)
{
    private static readonly IAnsiConsole Silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

    [Fact]
    public async Task PollOnceAsync_DropSeenTwiceAndAfterARestart_StartsOneJobOrchestration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString }).Build();
        await using var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings { PrivateTaskHub = true }, Silent, NullLoggerFactory.Instance);
        var folder = $"{StorageLayout.IncomingPrefix}trigger-{Guid.NewGuid():N}/";
        var input = folder + "requests.jsonl";
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(input), new BinaryData("""{"completion_window": "4h"}"""u8.ToArray()));
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, input, new BinaryData("""{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}"""u8.ToArray()));
        var loop = NewLoop(pipeline, folder);

        var first = await loop.PollOnceAsync(CancellationToken.None);
        var again = await loop.PollOnceAsync(CancellationToken.None);
        var afterRestart = await NewLoop(pipeline, folder).PollOnceAsync(CancellationToken.None);

        // The sidecar is not a job; the input is one job, the same id however often it is seen.
        var jobId = Assert.Single(first);
        Assert.Empty(again);
        Assert.Equal([jobId], afterRestart);
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in pipeline.TaskHub.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        var started = Assert.Single(instances);
        Assert.Equal(EngineOrchestrations.JobInstanceId(jobId), started.InstanceId);
        Assert.Equal(EngineOrchestrations.Job, started.Name);
        Assert.NotNull(await pipeline.Engine.GetJobAsync(jobId));
    }

    private static LocalTriggerLoop NewLoop(Pipeline pipeline, string folder) =>
        new(pipeline.Blobs, pipeline.Engine, folder, TimeSpan.FromMilliseconds(100), TimeProvider.System, NullLogger.Instance);
}
