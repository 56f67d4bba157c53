using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using BatchInference.FunctionApp.Functions;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;
using BatchInference.Testing.Webhooks;
using Microsoft.DurableTask.Client;

namespace BatchInference.FunctionApp.Tests.Orchestrations;

/// <summary>
/// The app's orchestration and activity functions, run by the task hub: a local worker on Azurite dispatches every
/// orchestration and activity to the app's function method of that name (<see cref="FunctionDispatch"/>), the provider
/// is the emulator over HTTP, and the job is started by the app's blob-drop function through the hub's client.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EngineFunctionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Functions_EveryOrchestrationAndActivityTheEngineRegisters_HasAFunctionOfThatName()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var dispatch = new FunctionDispatch(app);

        Assert.Equal(
            EngineDurableTasks.Orchestrators(app.Engines.ForBackgroundWork()).Keys.Select(k => k.Name).Order(StringComparer.Ordinal),
            dispatch.Orchestrators().Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            EngineDurableTasks.Activities(app.Engines.ForBackgroundWork()).Keys.Select(k => k.Name).Order(StringComparer.Ordinal),
            dispatch.Activities().Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DroppedJob_RunThroughTheFunctionWrappers_CompletesEveryLine()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 7 });
        await using var app = await AppHarness.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Providers:OpenAI:BaseUrl"] = new Uri(emulator.BaseAddress, "v1").ToString(),
        });
        var dispatch = new FunctionDispatch(app);
        await using var worker = new DurableWorkerHost(azurite.Account, app.Hub, dispatch.Orchestrators(), dispatch.Activities());
        await worker.StartAsync();
        var name = $"incoming/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(name);

        var jobId = await app.Create<JobDroppedFunction>().RunAsync(app.BlobClient(name), app.Durable, default);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a bound against hangs, not a speed limit
        var instance = await app.Durable.WaitForInstanceCompletionAsync(EngineOrchestrations.JobInstanceId(jobId!), getInputsAndOutputs: true, bound.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var job = await app.Engines.ForBackgroundWork().GetJobAsync(jobId!);
        Assert.Equal(JobStatus.Completed, job!.Status);
        Assert.Equal(2, emulator.RequestLog.Snapshot().Count(r => r.Billable));
        // Output and custom status stored once, as JSON objects the local client reads back.
        var row = await TaskHubStorage.InstanceRowAsync(azurite, app.Hub.TaskHubName, EngineOrchestrations.JobInstanceId(jobId!));
        Assert.StartsWith("{", row.GetString("Output"), StringComparison.Ordinal);
        Assert.StartsWith("{", row.GetString("CustomStatus"), StringComparison.Ordinal);
        Assert.Equal(JobStatus.Completed, instance.ReadOutputAs<JobOrchestrationResult>()!.Status);
        Assert.Equal(JobPhase.Finished, instance.ReadCustomStatusAs<JobProgress>()!.Phase);
        Assert.Contains(EngineOrchestrations.Job, dispatch.Calls);
        Assert.Contains(EngineOrchestrations.Shard, dispatch.Calls);
        Assert.Contains(JobActivities.Prepare, dispatch.Calls);
        Assert.Contains(JobActivities.Finish, dispatch.Calls);
    }

    [Fact]
    public async Task FinishedJob_RunThroughTheFunctionWrappers_DeliversItsSignedWebhookFromTheNotifySettings()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 7 });
        await using var app = await AppHarness.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Providers:OpenAI:BaseUrl"] = new Uri(emulator.BaseAddress, "v1").ToString(),
            ["Notify:WebhookSecret"] = secret,
            ["Notify:AllowHttp"] = "true",
            ["Notify:AllowPrivateTargets"] = "true",
            ["Notify:Webhooks:0:Url"] = receiver.Url,
        });
        var dispatch = new FunctionDispatch(app);
        await using var worker = new DurableWorkerHost(azurite.Account, app.Hub, dispatch.Orchestrators(), dispatch.Activities());
        await worker.StartAsync();
        var name = $"incoming/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(name);

        var jobId = await app.Create<JobDroppedFunction>().RunAsync(app.BlobClient(name), app.Durable, default);
        await Poll.UntilAsync(() => Task.FromResult(receiver.Accepted.Count > 0), "the job's webhook", TimeSpan.FromMinutes(3));

        var request = Assert.Single(receiver.Accepted);
        Assert.Contains("\"type\":\"job.completed\"", System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains("\"job_id\":\"" + jobId, System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains(JobActivities.StartNotifications, dispatch.Calls);
        Assert.Contains(JobActivities.SendNotification, dispatch.Calls);
        Assert.Contains(EngineOrchestrations.Notification, dispatch.Calls);
    }
}
