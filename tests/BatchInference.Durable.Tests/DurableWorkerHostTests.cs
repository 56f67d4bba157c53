using System.Collections.Concurrent;
using BatchInference.Durable.Hosting;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Durable.Tests;

[Collection(AzuriteFixture.CollectionName)]
public sealed class DurableWorkerHostTests(AzuriteFixture azurite)
{
    // Bounds against hangs, not speed limits.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task FanOut_WithSubOrchestrationTimerEventAndCustomStatus_CompletesWithItsOutput()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), new FanOutInput(10));
        await Poll.UntilAsync(
            async () => (await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<FanOutProgress>() is { Phase: "waiting" },
            "the orchestration waiting for its event", Bound, TimeSpan.FromMilliseconds(100));
        await hub.Client.RaiseEventAsync(id, "go", "now");

        var done = await WaitAsync(hub, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new FanOutResult(110, 55, "now"), done.ReadOutputAs<FanOutResult>());
        Assert.Equal(new FanOutInput(10), done.ReadInputAs<FanOutInput>());
        Assert.Equal(new FanOutProgress("waiting", 110), done.ReadCustomStatusAs<FanOutProgress>());
        Assert.Equal(nameof(FanOutOrchestrator), done.Name);
    }

    [Fact]
    public async Task SubOrchestration_SeesItsParent_TopLevelSeesNone()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOfOrchestrator), "x", new StartOrchestrationOptions("parent-1"));
        var done = await WaitAsync(hub, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"{nameof(ParentOfOrchestrator)}/parent-1|none", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityThrows_OrchestrationFailsWithTheActivitysFailureDetails()
    {
        await using var hub = new TaskHubScope(azurite);
        await hub.StartWorkerAsync();

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OneActivityOrchestrator), nameof(FailingActivity));
        var done = await WaitAsync(hub, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(done.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
        var cause = Assert.IsType<TaskFailureDetails>(failure.InnerFailure);
        Assert.Equal(typeof(InvalidOperationException).FullName, cause.ErrorType);
        Assert.Equal("activity refused x", cause.ErrorMessage);
    }

    [Fact]
    public async Task TwoWorkers_ShareOneTaskHub_BothRunActivitiesOfOneFanOut()
    {
        // One activity at a time per worker, and each activity waits until both workers hold one: the fan-out can
        // only finish if the second worker takes activities while the first is busy.
        await using var hub = new TaskHubScope(azurite, options => options.MaxConcurrentActivities = 1);
        var busy = new ConcurrentDictionary<string, int>();
        async Task<string> Rendezvous(string worker, string input)
        {
            busy.AddOrUpdate(worker, 1, (_, n) => n + 1);
            await Poll.UntilAsync(() => Task.FromResult(busy.Count == 2), "both workers running an activity", Bound, TimeSpan.FromMilliseconds(20));
            return worker;
        }

        await hub.StartWorkerAsync(new Dictionary<TaskName, Func<ITaskActivity>> { ["Rendezvous"] = () => new DelegateActivity((_, input) => Rendezvous("a", input)) });
        await hub.StartWorkerAsync(new Dictionary<TaskName, Func<ITaskActivity>> { ["Rendezvous"] = () => new DelegateActivity((_, input) => Rendezvous("b", input)) });

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(PlainFanOutOrchestrator), new PlainFanOutInput("Rendezvous", 20));
        var done = await WaitAsync(hub, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var ranBy = done.ReadOutputAs<string[]>()!;
        Assert.Equal(20, ranBy.Length);
        Assert.Equal(["a", "b"], ranBy.Distinct().Order());
        Assert.Equal(20, busy.Values.Sum());
    }

    [Fact]
    public async Task ActivityOutlivingTheVisibilityTimeout_IsRenewedAndRunsOnce()
    {
        // The work item stays hidden for 10 s only; the activity runs until the framework has renewed its message four
        // times (every 5 s, so well past 10 s). Without renewal the message would reappear and the activity start again.
        using var logs = new CountingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();
        await using var hub = new TaskHubScope(azurite, options => options.WorkItemVisibilityTimeout = DurableTaskHubOptions.MinimumVisibilityTimeout);
        var runs = 0;
        await hub.StartWorkerAsync(
            new Dictionary<TaskName, Func<ITaskActivity>>
            {
                ["Long"] = () => new DelegateActivity(async (_, input) =>
                {
                    Interlocked.Increment(ref runs);
                    await Poll.UntilAsync(() => Task.FromResult(logs.Count("RenewActivityMessageCompleted") >= 4), "four renewals of the activity's message", Bound, TimeSpan.FromMilliseconds(100));
                    return "done";
                }),
            },
            loggerFactory);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OneActivityOrchestrator), "Long");
        var done = await WaitAsync(hub, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    private static async Task<OrchestrationMetadata> WaitAsync(TaskHubScope hub, string id)
    {
        using var cancel = new CancellationTokenSource(Bound);
        return await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
    }
}
