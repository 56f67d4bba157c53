using System.Security.Cryptography;
using System.Text;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>One delivery: one event of one job to one webhook. The input of its delivery orchestration.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Event">A <see cref="WebhookEvents"/> name.</param>
/// <param name="Url">The webhook.</param>
/// <param name="WebhookId">The Standard Webhooks <c>webhook-id</c>: the same for every attempt, and for a re-run of the
/// delivery, so a receiver drops repeats by it.</param>
public sealed record JobNotification(string JobId, string Event, string Url, string WebhookId)
{
    /// <summary>The deliveries a job that ended in <paramref name="job"/>'s status owes: each of its own webhooks and the
    /// deployment's that wants the status's event, once per distinct URL. None while the job is not terminal.</summary>
    /// <param name="job">The job's state.</param>
    /// <param name="deployment">The deployment's webhooks.</param>
    /// <returns>The deliveries.</returns>
    public static IReadOnlyList<JobNotification> For(JobState job, IEnumerable<WebhookSubscription> deployment)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (EventFor(job.Status) is not { } type)
        {
            return [];
        }

        return [.. job.Webhooks.Concat(deployment)
            .Where(w => w.Wants(type))
            .Select(w => w.Url)
            .Distinct(StringComparer.Ordinal)
            .Select(url => new JobNotification(job.JobId, type, url, IdFor(job.JobId, type, url)))];
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

    /// <summary>A short stable key of the URL for instance ids and record names (the URL itself may carry a token).</summary>
    public string EndpointKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Url)))[..16];

    /// <summary>Scheme, host and port, and <see cref="EndpointKey"/>: what records and logs show of the URL (its path or
    /// query may carry a token, as many webhook URLs do).</summary>
    public string Endpoint => $"{new Uri(Url).GetLeftPart(UriPartial.Authority)} ({EndpointKey})";

    // msg_ and 32 hex digits of SHA-256 over the job, the event and the URL: stable, and unique per delivery.
    private static string IdFor(string jobId, string type, string url) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{jobId}\n{type}\n{url}")))[..32];
}
