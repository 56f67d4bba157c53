using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Tests.Notifications;

public sealed class JobNotificationTests
{
    private static JobState Job(JobStatus status, params WebhookSubscription[] webhooks) => new()
    {
        JobId = "job-1",
        Source = new JobSource("jobs", "incoming/a.jsonl", "etag"),
        Status = status,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Webhooks = webhooks,
    };

    [Theory]
    [InlineData(JobStatus.Completed, "job.completed")]
    [InlineData(JobStatus.CompletedWithErrors, "job.completed_with_errors")]
    [InlineData(JobStatus.Failed, "job.failed")]
    [InlineData(JobStatus.Cancelled, "job.cancelled")]
    [InlineData(JobStatus.BudgetExceeded, "job.budget_exceeded")]
    public void For_TerminalJob_OneDeliveryOfItsEvent(JobStatus status, string expected)
    {
        var delivery = Assert.Single(JobNotification.For(Job(status, new WebhookSubscription("https://a.example.com/", WebhookEvents.JobTerminal)), []));

        Assert.Equal(expected, delivery.Event);
    }

    [Theory]
    [InlineData(JobStatus.Pending)]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Finishing)]
    public void For_JobNotEnded_Nothing(JobStatus status)
    {
        Assert.Empty(JobNotification.For(Job(status, new WebhookSubscription("https://a.example.com/", WebhookEvents.JobTerminal)), []));
    }

    [Fact]
    public void For_JobAndDeploymentWebhooks_ThoseWantingTheEventOncePerUrl()
    {
        var job = Job(JobStatus.Failed,
            new WebhookSubscription("https://a.example.com/", [WebhookEvents.JobFailed]),
            new WebhookSubscription("https://b.example.com/", [WebhookEvents.JobCompleted]));
        WebhookSubscription[] deployment =
        [
            new("https://a.example.com/", WebhookEvents.JobTerminal), // the same URL as the job's: one delivery
            new("https://ops.example.com/", WebhookEvents.JobTerminal),
        ];

        var deliveries = JobNotification.For(job, deployment);

        Assert.Equal(["https://a.example.com/", "https://ops.example.com/"], deliveries.Select(d => d.Url));
    }

    [Fact]
    public void WebhookIdAndInstanceId_StablePerJobEventAndUrl()
    {
        var hook = new WebhookSubscription("https://a.example.com/h?token=secret", WebhookEvents.JobTerminal);
        var first = JobNotification.For(Job(JobStatus.Completed, hook), [])[0];
        var again = JobNotification.For(Job(JobStatus.Completed, hook), [])[0];
        var other = JobNotification.For(Job(JobStatus.Completed, hook with { Url = "https://a.example.com/h?token=other" }), [])[0];

        Assert.Equal(first.WebhookId, again.WebhookId);
        Assert.Matches("^msg_[0-9a-f]{32}$", first.WebhookId);
        Assert.NotEqual(first.WebhookId, other.WebhookId);
        Assert.Equal(EngineOrchestrations.NotificationInstanceId(first), EngineOrchestrations.NotificationInstanceId(again));
        Assert.StartsWith("job-1:notify-job.completed-", EngineOrchestrations.NotificationInstanceId(first), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", EngineOrchestrations.NotificationInstanceId(first), StringComparison.Ordinal);
        Assert.Equal("https://a.example.com (" + first.EndpointKey + ")", first.Endpoint);
    }

    [Theory]
    [InlineData(JobStatus.Completed, 0, "batch.completed")]
    [InlineData(JobStatus.CompletedWithErrors, 0, "batch.completed")]
    [InlineData(JobStatus.BudgetExceeded, 0, "batch.completed")]
    [InlineData(JobStatus.Completed, 25, "batch.expired")]
    [InlineData(JobStatus.Failed, 0, "batch.failed")]
    [InlineData(JobStatus.Cancelled, 0, "batch.cancelled")]
    public void For_BatchApiJob_BatchEventAsTheBatchShowsItNamingTheBatch(JobStatus status, int finishedAfterHours, string expected)
    {
        var job = Job(status, new WebhookSubscription("https://a.example.com/", WebhookEvents.BatchTerminal)) with
        {
            ApiBatchId = "batch_0123",
            FinishedAt = DateTimeOffset.UnixEpoch.AddHours(finishedAfterHours),
        };

        var delivery = Assert.Single(JobNotification.For(job, []));

        Assert.Equal((expected, "batch_0123"), (delivery.Event, delivery.BatchId));
        Assert.Matches("^evt_[0-9a-f]{32}$", delivery.EventId);
    }

    [Fact]
    public void For_BatchApiJobWithAWebhookWantingBothFamilies_OneDeliveryPerEvent()
    {
        var job = Job(JobStatus.Completed, new WebhookSubscription("https://a.example.com/", [.. WebhookEvents.JobTerminal, .. WebhookEvents.BatchTerminal])) with
        {
            ApiBatchId = "batch_0123",
        };

        var deliveries = JobNotification.For(job, [new("https://ops.example.com/", WebhookEvents.JobTerminal)]);

        Assert.Equal(
            [("job.completed", "https://a.example.com/"), ("job.completed", "https://ops.example.com/"), ("batch.completed", "https://a.example.com/")],
            deliveries.Select(d => (d.Event, d.Url)));
        Assert.Equal(3, deliveries.Select(EngineOrchestrations.NotificationInstanceId).Distinct().Count());
        Assert.Equal(3, deliveries.Select(d => d.WebhookId).Distinct().Count());
    }

    [Fact]
    public void For_JobNotFromTheBatchApi_NoBatchEventEvenWhenAWebhookAsks()
    {
        Assert.Empty(JobNotification.For(Job(JobStatus.Completed, new WebhookSubscription("https://a.example.com/", WebhookEvents.BatchTerminal)), []));
    }

    [Fact]
    public void For_EventGridTopicConfigured_OneEventGridDeliveryOfTheJobEventBesidesTheWebhooks()
    {
        var topic = new Uri("https://topic.westeurope-1.eventgrid.azure.net/api/events");

        var deliveries = JobNotification.For(Job(JobStatus.Cancelled, new WebhookSubscription("https://a.example.com/", WebhookEvents.JobTerminal)), [], topic);

        Assert.Equal(
            [(NotificationChannels.Webhook, "job.cancelled"), (NotificationChannels.EventGrid, "job.cancelled")],
            deliveries.Select(d => (d.Channel, d.Event)));
        Assert.Equal(topic.AbsoluteUri, deliveries[1].Url);
        Assert.Empty(JobNotification.For(Job(JobStatus.Running), [], topic));
    }
}
