using BatchInference.Orchestrations.Notifications;
using BatchInference.Storage.Blobs;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;
using BatchInference.Testing.EventGrid;
using BatchInference.Testing.Webhooks;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Engine;

// Event Grid: one CloudEvent per ended job, published as the topic's API expects, through the durable delivery
// orchestration (retried, recorded, one stable id). The topic is a loopback stand-in: no Event Grid emulator exists.
public sealed partial class JobEngineTests
{
    private const string TopicKey = "test-topic-key-0123456789";

    [Fact]
    public async Task Notify_EventGridTopicAnswers500Twice_OneWellFormedCloudEventPerAttemptUnderOneIdAndStatusSaysDelivered()
    {
        await using var topic = EventGridTopicReceiver.Start(TopicKey);
        topic.Answer = n => n <= 2 ? 500 : 200;
        var notify = NotifyHarness.Options(StandardWebhookVerifier.NewSecret());
        notify.EventGrid.Endpoint = topic.Endpoint;
        notify.EventGrid.Key = TopicKey;
        await using var harness = await StartAsync(engine: o => o.Notify = notify);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("grid", 3).ToArray());

        var summary = await harness.RunAsync(blob);
        var delivery = Assert.Single(await NotifyHarness.WaitForDeliveriesAsync(harness.Hub, summary.JobId, expected: 1));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, delivery.RuntimeStatus);
        var requests = topic.Requests;
        Assert.Equal([500, 500, 200], requests.Select(r => r.Status));
        Assert.All(requests, r => Assert.Empty(r.Problems));
        var events = requests.Select(r => Assert.Single(r.Events)).ToList();
        Assert.Single(events.Select(e => e.GetProperty("id").GetString()).Distinct());
        var cloudEvent = events[0];
        Assert.Equal("BatchInference.Job.Completed", cloudEvent.GetProperty("type").GetString());
        Assert.Equal("/batchinference", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("jobs/" + summary.JobId, cloudEvent.GetProperty("subject").GetString());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        Assert.Equal(summary.JobId, cloudEvent.GetProperty("data").GetProperty("job_id").GetString());
        Assert.Equal(3, cloudEvent.GetProperty("data").GetProperty("counts").GetProperty("succeeded").GetInt64());
        Assert.DoesNotContain("messages", cloudEvent.GetRawText(), StringComparison.Ordinal); // no prompts

        var attempts = await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default);
        Assert.Equal([(1, "failed"), (2, "failed"), (3, "delivered")], attempts.OrderBy(a => a.Attempt).Select(a => (a.Attempt, a.Outcome)));
        Assert.All(attempts, a => Assert.Equal(NotificationChannels.EventGrid, a.Channel));
        var log = (await harness.Blobs.TryDownloadContentAsync("results", summary.JobId + "/notifications.jsonl"))!.Content.ToString();
        Assert.DoesNotContain(TopicKey, log, StringComparison.Ordinal);

        var status = Assert.Single((await harness.Engine.GetStatusAsync(summary.JobId))!.Notifications);
        Assert.Equal((NotificationChannels.EventGrid, "job.completed", NotificationDelivery.Delivered, 3), (status.Channel, status.Event, status.State, status.Attempts));
        Assert.Null(status.NextAttemptAt);
    }

    [Fact]
    public async Task Notify_ReceiverFailingWithAnHourToTheNextTry_StatusSaysRetryingWithTheAttemptsAndNextTryAndNoUrl()
    {
        var secret = StandardWebhookVerifier.NewSecret();
        await using var receiver = WebhookReceiver.Start(secret);
        receiver.Answer = _ => 503;
        var notify = NotifyHarness.Options(secret, receiver.Url);
        notify.FirstRetryDelay = TimeSpan.FromHours(1);
        notify.MaxRetryDelay = TimeSpan.FromHours(1);
        await using var harness = await StartAsync(engine: o => o.Notify = notify);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("retrying", 2).ToArray());

        var summary = await harness.RunAsync(blob);
        await Poll.UntilAsync(
            async () => (await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default)).Count == 1,
            "the first attempt to be recorded", TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100));

        var status = Assert.Single((await harness.Engine.GetStatusAsync(summary.JobId))!.Notifications);
        var attempt = Assert.Single(await NotificationLog.ReadAsync(harness.Blobs, summary.JobId, default));
        Assert.Equal((NotificationDelivery.Retrying, 1, 503), (status.State, status.Attempts, status.LastStatusCode ?? 0));
        Assert.Equal(attempt.At + TimeSpan.FromHours(1), status.NextAttemptAt);
        Assert.StartsWith("http://127.0.0.1:", status.Endpoint, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ps3cret", status.Endpoint, StringComparison.Ordinal);
        Assert.DoesNotContain("/hooks", status.Endpoint, StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
    }
}
