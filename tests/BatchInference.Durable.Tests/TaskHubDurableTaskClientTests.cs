using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using BatchInference.Storage.Clients;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Durable.Tests;

[Collection(AzuriteFixture.CollectionName)]
public sealed class TaskHubDurableTaskClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Schedule_IdOfALiveInstance_ThrowsAndLeavesItRunning()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "first", new StartOrchestrationOptions("job-1"));
        await WaitForWaitingAsync(hub, "job-1");

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "second", new StartOrchestrationOptions("job-1")));

        Assert.Contains("Running", error.Message, StringComparison.Ordinal);
        var instance = await hub.Client.GetInstanceAsync("job-1", getInputsAndOutputs: true);
        Assert.Equal("first", instance!.ReadInputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
    }

    [Fact]
    public async Task Schedule_IdOfACompletedInstance_StartsAgainUnlessCompletedIsADedupeStatus()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "first", new StartOrchestrationOptions("job-2"));
        await WaitForWaitingAsync(hub, "job-2");
        await hub.Client.RaiseEventAsync("job-2", "go", "a");
        Assert.Equal("first:a", (await WaitAsync(hub, "job-2")).ReadOutputAs<string>());

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => hub.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WaitingOrchestrator), "again", new StartOrchestrationOptions("job-2") { DedupeStatuses = ["Completed"] }));
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "second", new StartOrchestrationOptions("job-2"));
        await WaitForWaitingAsync(hub, "job-2");
        await hub.Client.RaiseEventAsync("job-2", "go", "b");

        Assert.Equal("second:b", (await WaitAsync(hub, "job-2")).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Schedule_StartAtInTheFuture_StaysPendingWhileOthersRun()
    {
        await using var hub = new TaskHubScope(azurite, options => options.PartitionCount = 1);
        await hub.StartWorkerAsync();
        var later = TimeProvider.System.GetUtcNow().AddHours(1);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OneActivityOrchestrator), nameof(DoubleActivity), new StartOrchestrationOptions("later", later));
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "now", new StartOrchestrationOptions("now"));

        // One partition: the worker that runs "now" owns the control queue "later" waits in.
        await WaitForWaitingAsync(hub, "now");
        var pending = await hub.Client.GetInstanceAsync("later");
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
    }

    [Fact]
    public async Task GetInstance_WithoutInputsAndOutputs_HasStatusAndCustomStatusButNoPayloads()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "in", new StartOrchestrationOptions("lean"));
        await WaitForWaitingAsync(hub, "lean");

        var lean = await hub.Client.GetInstanceAsync("lean");

        Assert.Equal(OrchestrationRuntimeStatus.Running, lean!.RuntimeStatus);
        Assert.Null(lean.SerializedInput);
        Assert.Equal("\"waiting\"", lean.SerializedCustomStatus);
        Assert.Throws<InvalidOperationException>(() => lean.ReadInputAs<string>());
        Assert.True(lean.CreatedAt > DateTimeOffset.MinValue && lean.LastUpdatedAt >= lean.CreatedAt);
        Assert.Null(await hub.Client.GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task GetAllInstances_FiltersByPrefixStatusAndCreatedTime_AndPages()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();
        var before = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        foreach (var id in new[] { "a-1", "a-2", "a-3", "b-1" })
        {
            await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), id, new StartOrchestrationOptions(id));
        }

        foreach (var id in new[] { "a-1", "a-2", "a-3", "b-1" })
        {
            await WaitForWaitingAsync(hub, id);
        }

        await hub.Client.RaiseEventAsync("a-3", "go", "x");
        await WaitAsync(hub, "a-3");

        Assert.Equal(["a-1", "a-2", "a-3"], await IdsAsync(hub, new OrchestrationQuery { InstanceIdPrefix = "a-" }));
        Assert.Equal(["a-1", "a-2", "b-1"], await IdsAsync(hub, new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] }));
        Assert.Equal(["a-3"], await IdsAsync(hub, new OrchestrationQuery { InstanceIdPrefix = "a-", Statuses = [OrchestrationRuntimeStatus.Completed] }));
        Assert.Equal(4, (await IdsAsync(hub, new OrchestrationQuery { CreatedFrom = before })).Count);
        Assert.Empty(await IdsAsync(hub, new OrchestrationQuery { CreatedTo = before }));

        var pages = new List<int>();
        await foreach (var page in hub.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 2 }).AsPages())
        {
            pages.Add(page.Values.Count);
        }

        Assert.Equal(4, pages.Sum());
        Assert.True(pages.Count >= 2, $"expected at least two pages of at most 2, got {string.Join(",", pages)}");
        Assert.All(pages, count => Assert.True(count <= 2));

        var withInputs = await hub.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "b-", FetchInputsAndOutputs = true }).ToListAsync();
        Assert.Equal("b-1", Assert.Single(withInputs).ReadInputAs<string>());
    }

    [Fact]
    public async Task Terminate_LiveInstance_EndsTerminatedWithTheGivenOutput()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "in", new StartOrchestrationOptions("stop-me"));
        await WaitForWaitingAsync(hub, "stop-me");

        await hub.Client.TerminateInstanceAsync("stop-me", new FanOutProgress("cancelled", 3));
        var done = await WaitAsync(hub, "stop-me");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal(new FanOutProgress("cancelled", 3), done.ReadOutputAs<FanOutProgress>());
        await hub.Client.TerminateInstanceAsync("stop-me"); // an ended instance ignores it
        await Assert.ThrowsAsync<NotSupportedException>(() => hub.Client.TerminateInstanceAsync("stop-me", new TerminateInstanceOptions(Recursive: true)));
    }

    [Fact]
    public async Task SuspendAndResume_SuspendedInstanceHoldsItsEventUntilResumed()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "in", new StartOrchestrationOptions("pause"));
        await WaitForWaitingAsync(hub, "pause");

        await hub.Client.SuspendInstanceAsync("pause", "maintenance");
        await Poll.UntilAsync(async () => (await hub.Client.GetInstanceAsync("pause"))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended,
            "the instance suspended", Bound, TimeSpan.FromMilliseconds(100));
        await hub.Client.RaiseEventAsync("pause", "go", "held");
        await hub.Client.ResumeInstanceAsync("pause", "done");
        var done = await WaitAsync(hub, "pause");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("in:held", done.ReadOutputAs<string>());
    }

    [Theory]
    [InlineData("EventRaisedEvent")]
    [InlineData("ExecutionSuspendedEvent")]
    public async Task Signal_LiveInstance_MessageNamesNoExecutionSoAContinuedAsNewInstanceStillGetsIt(string eventType)
    {
        // Durable Functions sends events, suspends and resumes to the instance, not to the execution it read: a message
        // naming an execution that has since continued as new is discarded by the backend (a shard continues as new).
        await using var hub = new TaskHubScope(azurite);
        await hub.Client.CreateTaskHubIfNotExistsAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingOrchestrator), "in", new StartOrchestrationOptions("signalled"));

        await (eventType == "EventRaisedEvent" ? hub.Client.RaiseEventAsync("signalled", "go", "payload") : hub.Client.SuspendInstanceAsync("signalled", "why"));

        var message = Assert.Single(await ControlMessagesAsync(hub), m => m["TaskMessage"]!["Event"]!["$type"]!.GetValue<string>().Contains(eventType, StringComparison.Ordinal));
        var instance = message["TaskMessage"]!["OrchestrationInstance"]!;
        Assert.Equal("signalled", instance["InstanceId"]!.GetValue<string>());
        Assert.Null(instance["ExecutionId"]);
    }

    // Every message waiting in the hub's control queues, as the backend stored it (JSON of its MessageData).
    private async Task<List<JsonNode>> ControlMessagesAsync(TaskHubScope hub)
    {
        var messages = new List<JsonNode>();
        for (var partition = 0; partition < hub.Options.PartitionCount; partition++)
        {
            var queue = new QueueClient(
                azurite.ConnectionString, $"{hub.Options.TaskHubName.ToLowerInvariant()}-control-{partition:00}", new QueueClientOptions(StorageClientOptions.QueueServiceVersion));
            foreach (var peeked in (await queue.PeekMessagesAsync(32)).Value)
            {
                messages.Add(JsonNode.Parse(peeked.Body.ToString())!);
            }
        }

        return messages;
    }

    [Fact]
    public async Task SignalsToAnUnknownInstance_ThrowArgumentException()
    {
        await using var hub = new TaskHubScope(azurite);

        await Assert.ThrowsAsync<ArgumentException>(() => hub.Client.RaiseEventAsync("nobody", "go", "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => hub.Client.TerminateInstanceAsync("nobody"));
        await Assert.ThrowsAsync<ArgumentException>(() => hub.Client.SuspendInstanceAsync("nobody"));
    }

    [Fact]
    public async Task Purge_RemovesEndedInstances()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync(new Dictionary<TaskName, Func<ITaskActivity>> { ["Echo"] = () => new DelegateActivity((_, input) => Task.FromResult(input)) });
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OneActivityOrchestrator), "Echo", new StartOrchestrationOptions("p-1"));
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OneActivityOrchestrator), nameof(FailingActivity), new StartOrchestrationOptions("p-2"));
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OneActivityOrchestrator), nameof(FailingActivity), new StartOrchestrationOptions("p-3"));

        foreach (var id in new[] { "p-1", "p-2", "p-3" })
        {
            await WaitAsync(hub, id);
        }

        Assert.Equal(1, (await hub.Client.PurgeInstanceAsync("p-1")).PurgedInstanceCount);
        Assert.Null(await hub.Client.GetInstanceAsync("p-1"));
        var purged = await hub.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Failed]));
        Assert.Equal(2, purged.PurgedInstanceCount);
        Assert.Empty(await IdsAsync(hub, new OrchestrationQuery()));
    }

    private static async Task<List<string>> IdsAsync(TaskHubScope hub, OrchestrationQuery query) =>
        (await hub.Client.GetAllInstancesAsync(query).ToListAsync()).Select(instance => instance.InstanceId).Order(StringComparer.Ordinal).ToList();

    private static Task WaitForWaitingAsync(TaskHubScope hub, string id) =>
        Poll.UntilAsync(
            async () => (await hub.Client.GetInstanceAsync(id))?.SerializedCustomStatus == "\"waiting\"",
            $"{id} waiting for its event", Bound, TimeSpan.FromMilliseconds(100));

    private static async Task<OrchestrationMetadata> WaitAsync(TaskHubScope hub, string id)
    {
        using var cancel = new CancellationTokenSource(Bound);
        return await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }
}
