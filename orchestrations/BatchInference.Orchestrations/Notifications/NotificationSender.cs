using BatchInference.Orchestrations.Engine;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// One attempt of a delivery, whatever its channel: sends it (<see cref="WebhookSender"/> or
/// <see cref="EventGridSender"/>), records the attempt in <see cref="NotificationLog"/> with when the next one is due,
/// and logs it.
/// </summary>
internal sealed class NotificationSender(EngineContext engine)
{
    public async Task<NotificationAttemptResult> SendAsync(NotificationAttemptInput input, CancellationToken cancellationToken)
    {
        var notification = input.Notification;
        var at = engine.Now;
        var (outcome, status, error) = notification.Channel == NotificationChannels.EventGrid
            ? await new EventGridSender(engine).TrySendAsync(notification, cancellationToken).ConfigureAwait(false)
            : await new WebhookSender(engine).TrySendAsync(notification, at, cancellationToken).ConfigureAwait(false);
        var result = new NotificationAttemptResult(notification.WebhookId, notification.Event, notification.Endpoint, input.Attempt, at, outcome, status, error)
        {
            Channel = notification.Channel,
            NextAttemptAt = outcome == NotificationAttemptResult.Failed ? at + input.RetryAfter : null,
        };
        await NotificationLog.AppendAsync(engine.Blobs, notification.JobId, result, cancellationToken).ConfigureAwait(false);
        Log.WebhookAttempt(engine.Logger, notification.JobId, notification.Event, notification.Endpoint, input.Attempt, outcome, status, error);
        return result;
    }
}
