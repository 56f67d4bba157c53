using System.Globalization;
using System.Text;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Testing;
using BatchInference.Testing.Webhooks;
using Microsoft.DurableTask.Client;

namespace BatchInference.Cli.Tests.Crash;

/// <summary>
/// Webhook delivery survives a crash: a <c>bi worker</c> process is killed (SIGKILL) after the job has finished, while
/// it is sending the job's webhook (the receiver holds that request open), and a second worker delivers it, with the
/// same <c>webhook-id</c> so the receiver keeps it once.
/// </summary>
public sealed partial class WorkerCrashTests
{
    [Fact]
    public async Task DurableWorker_KilledWhileSendingAFinishedJobsWebhook_NextWorkerDeliversItUnderTheSameId()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.BeforeAnswer = async n =>
        {
            if (n == 1)
            {
                firstArrived.TrySetResult();
                await release.Task;
            }
        };
        var hub = new DurableTaskHubOptions { TaskHubName = "notify" + Guid.NewGuid().ToString("N")[..12] };
        var environment = NotifyEnvironment(hub, secret, receiver);
        await using var side = await OpenHubAsync(hub);
        var (blobs, client, engine) = (side.Blobs, side.Client, side.Engine);

        var first = StartDurableWorker(environment, 0);
        WorkerProcess? second = null;
        try
        {
            var jobId = await SubmitAsync(engine, blobs, $"incoming/{hub.TaskHubName}/notify.jsonl", SmallInput(10));
            await firstArrived.Task.WaitAsync(TimeSpan.FromMinutes(3)); // a bound against hangs, not a speed limit

            // The job has ended (its summary is published) and its webhook is on the wire from this worker: kill it.
            Assert.NotNull(await engine.GetSummaryAsync(jobId));
            var exitedEarly = first.HasExited;
            var log = await first.KillAsync();
            Assert.False(exitedEarly, "The worker exited on its own:\n" + log);
            release.SetResult();
            second = StartDurableWorker(environment, 1);

            var delivery = await WaitForDeliveryAsync(client, jobId);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, delivery.RuntimeStatus);
            Assert.Equal(NotificationAttemptResult.Delivered, delivery.ReadOutputAs<NotificationAttemptResult>()!.Outcome);
            var requests = receiver.Requests;
            Assert.True(requests.Count >= 2, $"expected the send to be repeated after the kill; the receiver got {requests.Count} request(s)");
            Assert.All(requests, r => Assert.True(r.Verified, "signature does not verify"));
            Assert.Single(requests.Select(r => r.Id).Distinct());
            Assert.Single(receiver.Accepted);
            var attempts = await NotificationLog.ReadAsync(blobs, jobId, default);
            Assert.Contains(attempts, a => a.Outcome == NotificationAttemptResult.Delivered && a.WebhookId == requests[0].Id);
        }
        finally
        {
            release.TrySetResult();
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The kill lands at a chosen step after the job finished and before anything was sent: the engine worker kills
    /// itself when the step's activity starts (the crash worker's engine mode), so no timing decides where. A
    /// <c>bi worker</c> started afterwards picks the step up when its message reappears, and the receiver gets exactly one
    /// verified delivery.
    /// </summary>
    [Theory]
    [InlineData(JobActivities.StartNotifications)] // between FinishJob and the deliveries being started
    [InlineData(JobActivities.SendNotification)]   // the delivery started, its first send not yet made
    public async Task DurableWorker_KilledAfterTheJobFinishedBeforeItsWebhookWasSent_NextWorkerDeliversExactlyOnce(string dieIn)
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        var hub = new DurableTaskHubOptions { TaskHubName = "notify" + Guid.NewGuid().ToString("N")[..12] };
        var environment = NotifyEnvironment(hub, secret, receiver);
        await using var side = await OpenHubAsync(hub);
        var (blobs, client, engine) = (side.Blobs, side.Client, side.Engine);

        var dying = WorkerProcess.StartEngineDyingIn(environment, dieIn);
        WorkerProcess? next = null;
        try
        {
            var jobId = await SubmitAsync(engine, blobs, $"incoming/{hub.TaskHubName}/notify.jsonl", SmallInput(6));
            var log = await dying.WaitForExitAsync(TimeSpan.FromMinutes(3)); // a bound against hangs, not a speed limit

            Assert.Contains(BatchInference.Durable.CrashWorker.EngineCrashWorker.DyingMarker + dieIn, log, StringComparison.Ordinal);
            Assert.NotNull(await engine.GetSummaryAsync(jobId)); // the job had finished
            Assert.Empty(receiver.Requests);                      // and nothing was sent
            next = StartDurableWorker(environment, 1);

            var delivery = await WaitForDeliveryAsync(client, jobId);

            Assert.Equal(NotificationAttemptResult.Delivered, delivery.ReadOutputAs<NotificationAttemptResult>()!.Outcome);
            var request = Assert.Single(receiver.Requests);
            Assert.True(request.Verified, "signature does not verify");
            Assert.Single(receiver.Accepted);
            var attempt = Assert.Single(await NotificationLog.ReadAsync(blobs, jobId, default));
            Assert.Equal((NotificationAttemptResult.Delivered, request.Id), (attempt.Outcome, attempt.WebhookId));
        }
        finally
        {
            await dying.DisposeAsync();
            if (next is not null)
            {
                await next.DisposeAsync();
            }
        }
    }

    // A worker's settings with the receiver as the deployment's webhook, retried a second apart.
    private Dictionary<string, string> NotifyEnvironment(DurableTaskHubOptions hub, string secret, WebhookReceiver receiver) =>
        new(DurableEnvironment(hub.TaskHubName))
        {
            ["Notify__WebhookSecret"] = secret,
            ["Notify__AllowHttp"] = "true",
            ["Notify__AllowPrivateTargets"] = "true",
            ["Notify__Webhooks__0__Url"] = receiver.Url,
            ["Notify__FirstRetryDelay"] = "00:00:01",
        };

    private static async Task<OrchestrationMetadata> WaitForDeliveryAsync(DurableTaskClient client, string jobId)
    {
        OrchestrationMetadata? delivery = null;
        await Poll.UntilAsync(
            async () =>
            {
                var query = new OrchestrationQuery { InstanceIdPrefix = jobId + ":notify-", FetchInputsAndOutputs = true };
                await foreach (var instance in client.GetAllInstancesAsync(query))
                {
                    delivery = instance;
                }

                return delivery is { IsCompleted: true };
            },
            $"the webhook delivery of job {jobId} to end", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250));
        Assert.Equal(EngineOrchestrations.Notification, delivery!.Name);
        return delivery;
    }

    private static byte[] SmallInput(int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $$$"""{"custom_id":"n-{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-nano","max_tokens":8,"messages":[{"role":"user","content":"Hi {{{i}}}"}]}}""")
                .Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
