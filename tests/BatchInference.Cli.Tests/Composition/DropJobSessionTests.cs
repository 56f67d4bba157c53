using BatchInference.Cli.Composition;
using BatchInference.Cli.Demo;
using BatchInference.Emulator;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Composition;

/// <summary>The demo's session on real parts: a drop into <c>jobs/incoming/</c> runs as Durable orchestrations in a task
/// hub of the session's own, and what it says it ran is what the task hub holds.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class DropJobSessionTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-drop-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task RunAsync_DroppedSample_RunsOnDurableOrchestrationsAndCountsWhatTheTaskHubHolds()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 7 }, TimeProvider.System, NullLoggerFactory.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Providers:OpenAI:BaseUrl"] = new Uri(emulator.BaseAddress, "v1").ToString(),
            ["Providers:OpenAI:ApiKey"] = "cli-test",
            ["Engine:ShardMaxLines"] = "20",
            ["Engine:CheckpointInterval"] = "00:00:00.300",
            ["Durable:MaxQueuePollingInterval"] = "00:00:00.500",
        }).Build();
        var samplePath = Path.Combine(_work, "sample.jsonl");
        await using (var sample = File.Create(samplePath))
        {
            await SampleJobGenerator.WriteAsync(sample, 40);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        await using var pipeline = await Pipeline.StartAsync(configuration, new PipelineSettings { PrivateTaskHub = true }, console, NullLoggerFactory.Instance);

        var result = await new DropJobSession(pipeline, console, NullLoggerFactory.Instance, TimeProvider.System)
            .RunAsync(samplePath, SidecarSettings.Build(null, "4h", null, []), Path.Combine(_work, "out"));

        Assert.Equal(JobStatus.CompletedWithErrors, result.Job.Status);
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in pipeline.TaskHub.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        // The session's task hub holds this job's orchestrations and nothing else: one job, one per shard, all completed.
        Assert.All(instances, i => Assert.Equal(OrchestrationRuntimeStatus.Completed, i.RuntimeStatus));
        Assert.Equal([EngineOrchestrations.JobInstanceId(result.Summary.JobId)], instances.Where(i => i.Name == EngineOrchestrations.Job).Select(i => i.InstanceId));
        Assert.Equal(
            Enumerable.Range(0, result.Job.ShardCount!.Value).Select(k => EngineOrchestrations.ShardInstanceId(result.Summary.JobId, k)).Order(StringComparer.Ordinal),
            instances.Where(i => i.Name == EngineOrchestrations.Shard).Select(i => i.InstanceId).Order(StringComparer.Ordinal));
        Assert.True(result.Job.ShardCount >= 2);
        Assert.Equal(1, result.Orchestrations.JobOrchestrations);
        Assert.Equal(result.Job.ShardCount, result.Orchestrations.ShardOrchestrations);
        Assert.Equal(pipeline.Durable.TaskHubName, result.Orchestrations.TaskHub);

        // At least the job's prepare and finish and a slice (or batch submit) per shard; every episode of the job's and
        // the shards' orchestrations ran in the session's worker.
        Assert.InRange(result.Orchestrations.Activities, 2 + result.Job.ShardCount.Value, long.MaxValue);
        Assert.InRange(result.Orchestrations.Episodes, 1 + result.Job.ShardCount.Value, long.MaxValue);
        Assert.Contains(
            $"(task hub {pipeline.Durable.TaskHubName}): 1 job orchestration, {result.Job.ShardCount} shard orchestrations, {result.Orchestrations.Activities} activities",
            result.Orchestrations.ToString(),
            StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_work, "out", "summary.json")));
    }
}
