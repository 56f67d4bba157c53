using BatchInference.Testing;
using Microsoft.DurableTask.Client;

namespace BatchInference.Durable.Tests;

[Collection(AzuriteFixture.CollectionName)]
public sealed class DurableWorkerHostTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

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

        using var cancel = new CancellationTokenSource(Bound);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new FanOutResult(110, 55, "now"), done.ReadOutputAs<FanOutResult>());
        Assert.Equal(new FanOutInput(10), done.ReadInputAs<FanOutInput>());
        Assert.Equal(new FanOutProgress("waiting", 110), done.ReadCustomStatusAs<FanOutProgress>());
        Assert.Equal(nameof(FanOutOrchestrator), done.Name);
    }
}
