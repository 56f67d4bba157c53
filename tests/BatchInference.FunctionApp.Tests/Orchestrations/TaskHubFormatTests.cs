using Azure.Core.Serialization;
using BatchInference.FunctionApp.Composition;
using BatchInference.FunctionApp.Functions;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Durable;
using BatchInference.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BatchInference.FunctionApp.Tests.Orchestrations;

/// <summary>
/// One task hub format (docs/durable.md): what the app's Durable extension writes (its payloads through the worker's
/// serializer, stored as given) and what <c>bi</c>'s local client writes and reads must be the same JSON, in the same
/// tables and queues. The first test holds the Functions worker's default serializer to <c>JsonDataConverter.Default</c>'s
/// output: should a worker update change its naming, this fails before the two sides disagree in a storage account.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class TaskHubFormatTests(AzuriteFixture azurite)
{
    public static TheoryData<object> Payloads() =>
    [
        new JobOrchestrationInput("job-1"),
        new ShardOrchestrationInput("job-1", 3),
        new ShardOrchestrationResult(3, Stopped: true, "budget"),
        new JobProgress(JobPhase.Running, ShardsTotal: 4, ShardsDone: 1, ShardsStopped: 0, Lines: 1234, CancelRequested: false),
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void WorkerSerializer_AsProgramBuildsIt_WritesWhatTheLocalClientWrites(object payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // The worker as Program builds it; the Durable extension's DataConverter is ObjectConverterShim(WorkerOptions.Serializer).
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TaskHubName"] = "formattests",
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        });
        builder.Services.AddFunctionApp(builder.Configuration, TimeProvider.System);
        using var host = builder.Build();
        ObjectSerializer serializer = host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;

        var written = serializer.Serialize(payload, payload.GetType()).ToString();

        Assert.Equal(JsonDataConverter.Default.Serialize(payload), written);
        Assert.Equal(payload, JsonDataConverter.Default.Deserialize(written, payload.GetType()));
    }

    [Fact]
    public async Task Submit_ThroughTheAppsClient_TheHubsRowsAndQueuesAreTheExtensionsFormat()
    {
        // A mixed-case hub name, as an app setting may give it: queues and containers take it lowercased, tables as given.
        var hub = "Fmt" + Guid.NewGuid().ToString("N")[..12];
        await using var app = await AppHarness.StartAsync(azurite, new Dictionary<string, string?> { ["TaskHubName"] = hub });
        var name = $"incoming/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(name);

        var jobId = await app.Create<JobDroppedFunction>().RunAsync(app.BlobClient(name), app.Durable, default);

        var row = await TaskHubStorage.InstanceRowAsync(azurite, hub, EngineOrchestrations.JobInstanceId(jobId!));
        Assert.Equal(EngineOrchestrations.Job, row.GetString("Name"));
        Assert.Equal("Pending", row.GetString("RuntimeStatus"));
        // The input as the worker's converter writes it, once: a JSON object, not a JSON string holding one.
        Assert.Equal($$"""{"JobId":"{{jobId}}"}""", row.GetString("Input"));
        Assert.Equal(
            [.. Enumerable.Range(0, app.Hub.PartitionCount).Select(i => $"{hub.ToLowerInvariant()}-control-{i:00}"), $"{hub.ToLowerInvariant()}-workitems"],
            (await TaskHubStorage.QueuesAsync(azurite, hub.ToLowerInvariant())).Order(StringComparer.Ordinal));
    }
}
