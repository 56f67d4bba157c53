using System.Security.Cryptography;
using System.Text;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>One delivery: one event of one job to one webhook (or to the Event Grid topic). The input of its delivery
/// orchestration.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Event">A <see cref="WebhookEvents"/> name.</param>
/// <param name="Url">The webhook, or the Event Grid topic endpoint.</param>
/// <param name="WebhookId">The Standard Webhooks <c>webhook-id</c> (the CloudEvent <c>id</c> on Event Grid): the same for
/// every attempt, and for a re-run of the delivery, so a receiver drops repeats by it.</param>
/// <param name="Channel">How it travels: <see cref="NotificationChannels.Webhook"/> or <see cref="NotificationChannels.EventGrid"/>.</param>
/// <param name="BatchId">The OpenAI-compatible API's batch id, for a <c>batch.*</c> event (its <c>data.id</c>).</param>
public sealed record JobNotification(
    string JobId, string Event, string Url, string WebhookId, string Channel = NotificationChannels.Webhook, string? BatchId = null)
{
    /// <summary>The deliveries a job that ended in <paramref name="job"/>'s status owes: for each of its own webhooks and the
    /// deployment's, once per distinct URL, the status's <c>job.*</c> event and, for a job of the OpenAI-compatible API, its
    /// <c>batch.*</c> event, each if the webhook wants it; and one Event Grid event of the <c>job.*</c> event when
    /// <paramref name="eventGridTopic"/> is set. None while the job is not terminal.</summary>
    /// <param name="job">The job's state.</param>
    /// <param name="deployment">The deployment's webhooks.</param>
    /// <param name="eventGridTopic">The deployment's Event Grid topic endpoint, or null for none.</param>
    /// <returns>The deliveries.</returns>
    public static IReadOnlyList<JobNotification> For(JobState job, IEnumerable<WebhookSubscription> deployment, Uri? eventGridTopic = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (EventFor(job.Status) is not { } type)
        {
            return [];
        }

        string[] events = job.ApiBatchId is null ? [type] : [type, BatchEventFor(job)];
        var subscriptions = job.Webhooks.Concat(deployment).ToList();
        var webhooks = events.SelectMany(e => subscriptions
            .Where(w => w.Wants(e))
            .Select(w => w.Url)
            .Distinct(StringComparer.Ordinal)
            .Select(url => new JobNotification(job.JobId, e, url, IdFor(job.JobId, e, url), BatchId: WebhookEvents.IsBatchEvent(e) ? job.ApiBatchId : null)));
        if (eventGridTopic is null)
        {
            return [.. webhooks];
        }

        var topic = eventGridTopic.AbsoluteUri;
        return [.. webhooks, new JobNotification(job.JobId, type, topic, IdFor(job.JobId, type, topic), NotificationChannels.EventGrid)];
    }

    /// <summary>The event of a terminal status; null for one that is not terminal.</summary>
    public static string? EventFor(JobStatus status) => status switch
    {
        JobStatus.Completed => WebhookEvents.JobCompleted,
        JobStatus.CompletedWithErrors => WebhookEvents.JobCompletedWithErrors,
        JobStatus.Failed => WebhookEvents.JobFailed,
        JobStatus.Cancelled => WebhookEvents.JobCancelled,
        JobStatus.BudgetExceeded => WebhookEvents.JobBudgetExceeded,
        _ => null,
    };

    /// <summary>OpenAI's <c>batch.*</c> event of an ended job, as the Batch API shows its status: <c>failed</c>,
    /// <c>cancelled</c>, else <c>expired</c> when it finished after its deadline and <c>completed</c> when in time (also
    /// with failed lines or a budget stop, whose lines are in the error file).</summary>
    /// <param name="job">The ended job.</param>
    /// <returns>A <see cref="WebhookEvents.BatchTerminal"/> name.</returns>
    public static string BatchEventFor(JobState job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var deadline = job.Deadline ?? job.CreatedAt + JobSettings.DefaultCompletionWindow;
        return job.Status switch
        {
            JobStatus.Failed => WebhookEvents.BatchFailed,
            JobStatus.Cancelled => WebhookEvents.BatchCancelled,
            _ => job.FinishedAt > deadline ? WebhookEvents.BatchExpired : WebhookEvents.BatchCompleted,
        };
    }

    /// <summary>A short stable key of the URL for instance ids and record names (the URL itself may carry a token).</summary>
    public string EndpointKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Url)))[..16];

    /// <summary>Scheme, host and port, and <see cref="EndpointKey"/>: what records and logs show of the URL (its path or
    /// query may carry a token, as many webhook URLs do).</summary>
    public string Endpoint => $"{new Uri(Url).GetLeftPart(UriPartial.Authority)} ({EndpointKey})";

    /// <summary>OpenAI's event id (<c>evt_</c> and the same digits as <see cref="WebhookId"/>): stable like it.</summary>
    public string EventId => "evt_" + WebhookId[(WebhookId.IndexOf('_', StringComparison.Ordinal) + 1)..];

    // msg_ and 32 hex digits of SHA-256 over the job, the event and the URL: stable, and unique per delivery.
    private static string IdFor(string jobId, string type, string url) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{jobId}\n{type}\n{url}")))[..32];
}

/// <summary>How a <see cref="JobNotification"/> travels.</summary>
public static class NotificationChannels
{
    /// <summary>A signed HTTPS POST to a webhook (Standard Webhooks).</summary>
    public const string Webhook = "webhook";

    /// <summary>A CloudEvent published to the deployment's Event Grid custom topic.</summary>
    public const string EventGrid = "eventgrid";
}
