namespace BatchInference.Orchestrations.Notifications;

/// <summary>Input of one send: the delivery, which attempt this is (1 for the first), and the wait before the next
/// attempt should this one fail (decided by the orchestration before it sends, so the record and the orchestration agree).</summary>
/// <param name="Notification">The delivery.</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="RetryAfter">The back-off before the next attempt; null when this is the last one (retrying has run out).</param>
public sealed record NotificationAttemptInput(JobNotification Notification, int Attempt, TimeSpan? RetryAfter = null);

/// <summary>How one attempt went (also a line of <c>results/&lt;jobId&gt;/notifications.jsonl</c>).</summary>
/// <param name="WebhookId">The delivery's <c>webhook-id</c>.</param>
/// <param name="Event">The event.</param>
/// <param name="Endpoint">The webhook's scheme, host and a hash of its URL (<see cref="JobNotification.Endpoint"/>).</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="At">When it was sent.</param>
/// <param name="Outcome"><c>delivered</c> (2xx), <c>failed</c> (retried) or <c>refused</c> (not retried: the target is not allowed).</param>
/// <param name="StatusCode">The receiver's HTTP status; null when none came.</param>
/// <param name="Error">What went wrong, in words; null when delivered.</param>
public sealed record NotificationAttemptResult(
    string WebhookId, string Event, string Endpoint, int Attempt, DateTimeOffset At, string Outcome, int? StatusCode, string? Error)
{
    /// <summary>The receiver took it.</summary>
    public const string Delivered = "delivered";

    /// <summary>It failed in a way worth retrying.</summary>
    public const string Failed = "failed";

    /// <summary>The target is not allowed (or the job has nothing to send): retrying cannot help.</summary>
    public const string Refused = "refused";

    /// <summary>How it travelled (<see cref="NotificationChannels"/>).</summary>
    public string Channel { get; init; } = NotificationChannels.Webhook;

    /// <summary>When the next attempt is due after this failed one; null when delivered, refused, or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Whether the orchestration should try again later.</summary>
    public bool ShouldRetry => Outcome == Failed;
}
