using Azure.Storage.Queues;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Intake;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NCrontab;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Local;

/// <summary>
/// The local triggers (drops, job messages, the nightly slot) on Azurite and a task hub of the test's own (no worker:
/// the orchestrations only start).
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class LocalTriggerLoopTests(AzuriteFixture azurite)
{
    private static readonly IAnsiConsole Silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

    [Fact]
    public async Task PollOnceAsync_DropSeenTwiceAndAfterARestart_StartsOneJobOrchestration()
    {
        await using var pipeline = await StartPipelineAsync();
        var folder = $"{StorageLayout.IncomingPrefix}trigger-{Guid.NewGuid():N}/";
        var input = folder + "requests.jsonl";
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(input), new BinaryData("""{"completion_window": "4h"}"""u8.ToArray()));
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, input, new BinaryData(Line));
        var loop = NewLoop(pipeline, folder);

        var first = await loop.PollOnceAsync(CancellationToken.None);
        var again = await loop.PollOnceAsync(CancellationToken.None);
        var afterRestart = await NewLoop(pipeline, folder).PollOnceAsync(CancellationToken.None);

        // The sidecar is not a job; the input is one job, the same id however often it is seen.
        var jobId = Assert.Single(first);
        Assert.Empty(again);
        Assert.Equal([jobId], afterRestart);
        var started = Assert.Single(await InstancesAsync(pipeline));
        Assert.Equal(EngineOrchestrations.JobInstanceId(jobId), started.InstanceId);
        Assert.Equal(EngineOrchestrations.Job, started.Name);
        Assert.NotNull(await pipeline.Engine.GetJobAsync(jobId));
    }

    [Fact]
    public async Task PollOnceAsync_ExcludedFolder_StartsNothingThere()
    {
        await using var pipeline = await StartPipelineAsync();
        var folder = $"{StorageLayout.IncomingPrefix}trigger-{Guid.NewGuid():N}/";
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, folder + "demo-x/requests.jsonl", new BinaryData(Line));
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, folder + "mine.jsonl", new BinaryData(Line));
        var loop = new LocalTriggerLoop(pipeline.Blobs, pipeline.Engine, folder, TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger.Instance)
        {
            ExcludedPrefixes = [folder + "demo-"],
        };

        var jobs = await loop.PollOnceAsync(CancellationToken.None);

        Assert.Single(jobs);
        Assert.Single(await InstancesAsync(pipeline));
    }

    [Fact]
    public async Task JobMessages_GoodMessageTwiceAndABadOne_OneJobAndTheBadOneInThePoisonQueueWithItsReason()
    {
        await using var pipeline = await StartPipelineAsync();
        var service = pipeline.Account.CreateQueueServiceClient();
        var name = "jm-" + Guid.NewGuid().ToString("N")[..12];
        var queue = service.GetQueueClient(name);
        var poison = service.GetQueueClient(name + "-poison");
        var logger = new CapturingLogger();
        var messages = new LocalJobMessages(queue, poison, pipeline.Account.BlobEndpoint, logger);
        await messages.EnsureQueuesAsync(CancellationToken.None);
        var blob = $"messages/{name}.jsonl";
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, blob, new BinaryData(Line));
        var good = $$$"""{"schema_version":1,"message_id":"team/{{{name}}}","input":{"container":"jobs","blob":"{{{blob}}}"}}""";
        const string bad = """{"schema_version":1,"message_id":"no-input"}""";
        await queue.SendMessageAsync(good);
        await queue.SendMessageAsync(bad);
        await queue.SendMessageAsync(good); // re-sent: the same message id

        var jobs = new List<string>();
        jobs.AddRange(await messages.ReceiveOnceAsync(pipeline.Engine, CancellationToken.None));
        jobs.AddRange(await messages.ReceiveOnceAsync(pipeline.Engine, CancellationToken.None));

        Assert.Equal(2, jobs.Count);
        Assert.Single(jobs.Distinct(StringComparer.Ordinal));
        Assert.Single(await InstancesAsync(pipeline));
        Assert.Empty((await queue.ReceiveMessagesAsync(32)).Value);
        var poisoned = Assert.Single((await poison.ReceiveMessagesAsync(32)).Value);
        Assert.Equal(bad, poisoned.Body.ToString());
        var error = Assert.Single(logger.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains(JobMessageIntake.InvalidReason, error.Text, StringComparison.Ordinal);
        Assert.Contains("input", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NightlySlot_DueOnceAtItsTime_SubmitsTheStagedInputOnceHoweverOftenItRuns()
    {
        await using var pipeline = await StartPipelineAsync();
        var staged = $"{NightlyIntake.Prefix}{Guid.NewGuid():N}.jsonl";
        await pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, staged, new BinaryData(Line));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));
        var loop = new LocalTriggerLoop(pipeline.Blobs, pipeline.Engine, StorageLayout.IncomingPrefix + "none/", TimeSpan.FromSeconds(1), clock, NullLogger.Instance)
        {
            NightlySchedule = CrontabSchedule.Parse("0 0 2 * * *", new CrontabSchedule.ParseOptions { IncludingSeconds = true }),
        };

        // The first look sets the slot (02:00); it is due once at its time, not again until the next day's.
        Assert.False(loop.IsNightlySlotDue());
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(loop.IsNightlySlotDue());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(loop.IsNightlySlotDue());
        Assert.False(loop.IsNightlySlotDue());

        var first = await loop.RunNightlySlotAsync(CancellationToken.None);
        var again = await loop.RunNightlySlotAsync(CancellationToken.None);

        // Other tests stage nightly inputs in the same Azurite: this one's job is in both runs, and started once.
        var jobId = Assert.Single(first.Intersect(again));
        var instance = Assert.Single(await InstancesAsync(pipeline));
        Assert.Equal(EngineOrchestrations.JobInstanceId(jobId), instance.InstanceId);
    }

    private static ReadOnlyMemory<byte> Line =>
        """{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "x"}}"""u8.ToArray();

    private Task<Pipeline> StartPipelineAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString }).Build();
        return Pipeline.StartAsync(configuration, new PipelineSettings { PrivateTaskHub = true }, Silent, NullLoggerFactory.Instance);
    }

    private static async Task<List<OrchestrationMetadata>> InstancesAsync(Pipeline pipeline)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in pipeline.TaskHub.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        return instances;
    }

    private static LocalTriggerLoop NewLoop(Pipeline pipeline, string folder) =>
        new(pipeline.Blobs, pipeline.Engine, folder, TimeSpan.FromMilliseconds(100), TimeProvider.System, NullLogger.Instance);

    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
