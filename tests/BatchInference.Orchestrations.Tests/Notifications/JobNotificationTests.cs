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
}
