using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Blobs;
using BatchInference.Testing.Webhooks;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Engine;

// Webhooks: one verified delivery per terminal job event, retried on durable timers, recorded per attempt.
public sealed partial class JobEngineTests
{
    [Fact]
    public async Task Notify_JobCompletes_EachWebhookThatWantsTheEventGetsOneVerifiedDelivery()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        var failuresOnly = receiver.Url + "&deployment=failures";
        var everything = receiver.Url + "&deployment=all";
        var notify = NotifyHarness.Options(secret);
        notify.Webhooks.Add(new NotifyWebhookOptions { Url = failuresOnly, Events = { "job.failed" } });
        notify.Webhooks.Add(new NotifyWebhookOptions { Url = everything });
        await using var harness = await StartAsync(engine: o => o.Notify = notify);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("notify", 4).ToArray());
        await harness.UploadSidecarAsync(blob, $$$"""{"notify": {"webhooks": [{"url": "{{{receiver.Url}}}", "events": ["job.completed"]}]}}""");

        var summary = await harness.RunAsync(blob);
        var deliveries = await NotifyHarness.WaitForDeliveriesAsync(harness.Hub, summary.JobId, expected: 2);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(2, deliveries.Count); // the job's own webhook and the deployment's catch-all; not the failures-only one
        Assert.All(deliveries, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
        var received = receiver.Requests;
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.True(r.Verified, "signature does not verify"));
        Assert.Equal(2, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(2, receiver.Accepted.Count);
        foreach (var request in received)
        {
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal("job.completed", body.RootElement.GetProperty("type").GetString());
            Assert.Equal(summary.JobId, body.RootElement.GetProperty("data").GetProperty("job_id").GetString());
            Assert.Equal("completed", body.RootElement.GetProperty("data").GetProperty("status").GetString());
            Assert.Equal(4, body.RootElement.GetProperty("data").GetProperty("counts").GetProperty("succeeded").GetInt64());
            Assert.DoesNotContain("messages", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal); // no prompts
            Assert.StartsWith("msg_", request.Id, StringComparison.Ordinal);
        }

        var attempts = await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal((NotificationAttemptResult.Delivered, 200, 1), (a.Outcome, a.StatusCode ?? 0, a.Attempt)));
        await AssertSecretAndTokenNowhereAsync(harness, summary.JobId, secret);
    }

    [Fact]
    public async Task Notify_ReceiverAnswers500ThreeTimes_DeliveredOnceOnTheFourthAttemptWithTheSameId()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        receiver.Answer = n => n <= 3 ? 500 : 204;
        await using var harness = await StartAsync(engine: o => o.Notify = NotifyHarness.Options(secret, receiver.Url));
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("notify", 2).ToArray());

        var summary = await harness.RunAsync(blob);
        var delivery = Assert.Single(await NotifyHarness.WaitForDeliveriesAsync(harness.Hub, summary.JobId, expected: 1));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, delivery.RuntimeStatus);
        Assert.Equal(NotificationAttemptResult.Delivered, delivery.ReadOutputAs<NotificationAttemptResult>()!.Outcome);
        Assert.Equal([500, 500, 500, 204], receiver.Requests.OrderBy(r => r.Number).Select(r => r.Status));
        Assert.All(receiver.Requests, r => Assert.True(r.Verified));
        Assert.Single(receiver.Requests.Select(r => r.Id).Distinct());
        Assert.Single(receiver.Accepted);
        var attempts = await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default);
        Assert.Equal(
            [(1, "failed", 500), (2, "failed", 500), (3, "failed", 500), (4, "delivered", 204)],
            attempts.OrderBy(a => a.Attempt).Select(a => (a.Attempt, a.Outcome, a.StatusCode ?? 0)));
    }

    [Fact]
    public async Task Notify_JobFailsOnItsSettings_DeploymentWebhookGetsJobFailed()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        await using var harness = await StartAsync(engine: o => o.Notify = NotifyHarness.Options(secret, receiver.Url));
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("notify", 2).ToArray());
        await harness.UploadSidecarAsync(blob, """{"budget_usd": -1}""");

        var summary = await harness.RunAsync(blob);
        await NotifyHarness.WaitForDeliveriesAsync(harness.Hub, summary.JobId, expected: 1);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        var request = Assert.Single(receiver.Accepted);
        Assert.Single(receiver.Requests);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("job.failed", body.RootElement.GetProperty("type").GetString());
        Assert.Contains("budget_usd", body.RootElement.GetProperty("data").GetProperty("failure_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_JobWebhookToAPrivateAddress_JobRefusedAtAcceptanceWithAReason()
    {
        var notify = NotifyHarness.Options(StandardWebhookVerifier.NewSecret());
        notify.AllowPrivateTargets = false;
        await using var harness = await StartAsync(engine: o => o.Notify = notify);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("notify", 2).ToArray());
        await harness.UploadSidecarAsync(blob, """{"notify": {"webhooks": [{"url": "https://10.1.2.3/hook?token=abc"}]}}""");

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Equal(
            "Invalid job settings: notify.webhooks[0].url: resolves to a non-public address 10.1.2.3, which webhooks may not target (Notify:AllowPrivateTargets allows it for local use).",
            summary.FailureReason);
        Assert.Equal(0, harness.Emulator.RequestLog.BillableCount);
        Assert.Empty((await harness.Engine.GetJobAsync(summary.JobId))!.Webhooks);
    }

    [Fact]
    public async Task Notify_ReceiverKeepsFailing_DeliveryGivesUpAfterRetryForWithEveryAttemptRecorded()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        receiver.Answer = _ => 503;
        var notify = NotifyHarness.Options(secret, receiver.Url);
        notify.RetryFor = TimeSpan.FromMilliseconds(300);
        await using var harness = await StartAsync(engine: o => o.Notify = notify);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("notify", 2).ToArray());

        var summary = await harness.RunAsync(blob);
        var delivery = Assert.Single(await NotifyHarness.WaitForDeliveriesAsync(harness.Hub, summary.JobId, expected: 1));

        // The job itself is unaffected: finished, its orchestration completed.
        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await harness.Hub.GetInstanceAsync(summary.JobId))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, delivery.RuntimeStatus);
        Assert.Equal(NotificationAttemptResult.Failed, delivery.ReadOutputAs<NotificationAttemptResult>()!.Outcome);
        var attempts = await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default);
        Assert.NotEmpty(attempts);
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts.Select(a => a.Attempt).Order());
        Assert.All(attempts, a => Assert.Equal((NotificationAttemptResult.Failed, 503), (a.Outcome, a.StatusCode ?? 0)));
        Assert.Equal(attempts.Count, receiver.Requests.Count);
        var status = Assert.Single((await harness.Engine.GetStatusAsync(summary.JobId))!.Notifications);
        Assert.Equal((NotificationDelivery.GaveUp, attempts.Count, 503), (status.State, status.Attempts, status.LastStatusCode ?? 0));
        Assert.Null(status.NextAttemptAt);
    }

    [Fact]
    public async Task Notify_DeploymentWebhookToLoopbackWithoutAllowPrivateTargets_RefusedAtSendOnceAndNotRetried()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        var notify = NotifyHarness.Options(secret, receiver.Url);
        notify.AllowPrivateTargets = false;
        await using var harness = await StartAsync(engine: o => o.Notify = notify);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("notify", 2).ToArray());

        var summary = await harness.RunAsync(blob);
        var delivery = Assert.Single(await NotifyHarness.WaitForDeliveriesAsync(harness.Hub, summary.JobId, expected: 1));

        Assert.Empty(receiver.Requests);
        var attempt = Assert.Single(await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default));
        Assert.Equal(NotificationAttemptResult.Refused, attempt.Outcome);
        Assert.StartsWith("The webhook resolves to the loopback address 127.0.0.1", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(NotificationAttemptResult.Refused, delivery.ReadOutputAs<NotificationAttemptResult>()!.Outcome);
        Assert.Equal(NotificationDelivery.Refused, Assert.Single((await harness.Engine.GetStatusAsync(summary.JobId))!.Notifications).State);
    }

    // The secret is in no blob the job wrote; the URL's token is in no record (only in the job's own state, as given).
    private static async Task AssertSecretAndTokenNowhereAsync(EngineHarness harness, string jobId, string secret)
    {
        var key = secret["whsec_".Length..];
        foreach (var container in new[] { StorageLayout.ResultsContainer, StorageLayout.WorkContainer, StorageLayout.LedgerContainer })
        {
            await foreach (var item in harness.Blobs.ListAsync(container, jobId + "/"))
            {
                var text = (await harness.Blobs.TryDownloadContentAsync(container, item.Name))!.Content.ToString();
                Assert.DoesNotContain(key, text, StringComparison.Ordinal);
                if (container == StorageLayout.ResultsContainer)
                {
                    Assert.DoesNotContain("t0ps3cret", text, StringComparison.Ordinal);
                }
            }
        }
    }
}
