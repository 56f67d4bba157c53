namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// Where one delivery stands (one event of a job to one webhook or the Event Grid topic), read from its recorded
/// attempts: what <c>bi status</c> and the status API show. The endpoint is scheme, host and a hash of the URL, never
/// the URL (its path or query may carry a token).
/// </summary>
/// <param name="Channel"><see cref="NotificationChannels"/>.</param>
/// <param name="Event">The event type.</param>
/// <param name="Endpoint">Scheme, host, port and the URL's hash (<see cref="JobNotification.Endpoint"/>).</param>
/// <param name="State"><see cref="Delivered"/>, <see cref="Retrying"/>, <see cref="GaveUp"/> or <see cref="Refused"/>.</param>
/// <param name="Attempts">Attempts recorded so far.</param>
/// <param name="LastAttemptAt">When the latest attempt was made.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while retrying (about: the orchestration's timer starts
/// once the attempt's record is written).</param>
/// <param name="LastStatusCode">The receiver's latest HTTP status, if one came.</param>
/// <param name="LastError">What went wrong at the latest attempt; null once delivered.</param>
public sealed record NotificationDelivery(
    string Channel, string Event, string Endpoint, string State, int Attempts, DateTimeOffset LastAttemptAt, DateTimeOffset? NextAttemptAt,
    int? LastStatusCode, string? LastError)
{
    /// <summary>The receiver took it.</summary>
    public const string Delivered = "delivered";

    /// <summary>The latest attempt failed; another is due at <see cref="NextAttemptAt"/>.</summary>
    public const string Retrying = "retrying";

    /// <summary>Every attempt failed until <c>Notify:RetryFor</c> ran out: no more are made.</summary>
    public const string GaveUp = "given_up";

    /// <summary>The target was not allowed (or there was nothing to send): not retried.</summary>
    public const string Refused = "refused";

    /// <summary>One delivery per webhook id of <paramref name="attempts"/> (a job's <c>notifications.jsonl</c>), in the
    /// order they were first attempted.</summary>
    /// <param name="attempts">The recorded attempts.</param>
    /// <returns>The deliveries.</returns>
    public static IReadOnlyList<NotificationDelivery> From(IEnumerable<NotificationAttemptResult> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        return [.. attempts.GroupBy(a => a.WebhookId).Select(Of)];
    }

    private static NotificationDelivery Of(IGrouping<string, NotificationAttemptResult> attempts)
    {
        // An attempt re-run after a crash may be recorded after a later one: the highest attempt number is the latest.
        var last = attempts.MaxBy(a => a.Attempt)!;
        var delivered = attempts.FirstOrDefault(a => a.Outcome == NotificationAttemptResult.Delivered);
        var state = delivered is not null ? Delivered
            : last.Outcome == NotificationAttemptResult.Refused ? Refused
            : last.NextAttemptAt is null ? GaveUp
            : Retrying;
        var shown = delivered ?? last;
        return new NotificationDelivery(
            last.Channel, last.Event, last.Endpoint, state, last.Attempt, shown.At, state == Retrying ? last.NextAttemptAt : null,
            shown.StatusCode, delivered is null ? last.Error : null);
    }
}
