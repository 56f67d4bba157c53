namespace BatchInference.Orchestrations.Notifications;

/// <summary>Input of one send: the delivery, which attempt this is (1 for the first), and when a failed one is retried.</summary>
/// <param name="Notification">The delivery.</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="Schedule">The wait before the next attempt and when retrying stops; null: the orchestration decides alone.</param>
public sealed record NotificationAttemptInput(JobNotification Notification, int Attempt, NotificationSchedule? Schedule = null);

/// <summary>When the attempt after a failed one is due: <paramref name="Delay"/> after it, unless that is past
/// <paramref name="GiveUpAt"/>, when the delivery is given up.</summary>
/// <param name="Delay">The back-off before the next attempt.</param>
/// <param name="GiveUpAt">No attempt starts after this.</param>
public sealed record NotificationSchedule(TimeSpan Delay, DateTimeOffset GiveUpAt)
{
    /// <summary>When the next attempt after one made <paramref name="at"/> is due; null when the delivery gives up.</summary>
    /// <param name="at">When the failed attempt was made.</param>
    /// <returns>The time, or null.</returns>
    public DateTimeOffset? NextAttemptAfter(DateTimeOffset at) => at + Delay <= GiveUpAt ? at + Delay : null;
}

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
