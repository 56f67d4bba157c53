using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Notifications;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// The <see cref="EngineOrchestrations.Notification"/> orchestration: delivers one event of one job to one webhook, at
/// least once. Each attempt is an activity (the HTTP send and its record); between failed attempts it waits on a durable
/// timer, doubling from <see cref="NotifyOptions.FirstRetryDelay"/> to <see cref="NotifyOptions.MaxRetryDelay"/>, while the
/// next attempt would start within <see cref="NotifyOptions.RetryFor"/> of the first. A crash or redeploy resumes it from history.
/// </summary>
internal sealed class JobNotificationOrchestrator(EngineOptions options) : TaskOrchestrator<JobNotification, NotificationAttemptResult?>
{
    public override async Task<NotificationAttemptResult?> RunAsync(TaskOrchestrationContext context, JobNotification input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var notify = options.Notify;
        var retry = options.ActivityRetries();
        var giveUpAt = context.CurrentUtcDateTime + notify.RetryFor;
        var delay = notify.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            // Decided before sending, on the orchestration's clock, so the attempt's record (what `bi status` shows)
            // says the same as what happens: a next attempt after the back-off, or none.
            TimeSpan? retryAfter = context.CurrentUtcDateTime + delay <= giveUpAt ? delay : null;
            NotificationAttemptResult? result;
            try
            {
                result = await context.CallActivityAsync<NotificationAttemptResult>(
                    JobActivities.SendNotification, new NotificationAttemptInput(input, attempt, retryAfter), retry).ConfigureAwait(true);
            }
            catch (TaskFailedException)
            {
                result = null; // storage kept failing: the attempt is not recorded, but it is retried like a failed send
            }

            if (result is { ShouldRetry: false })
            {
                return result;
            }

            if (retryAfter is null)
            {
                Log.WebhookGaveUp(context.CreateReplaySafeLogger<JobNotificationOrchestrator>(), input.JobId, input.Event,
                    input.Endpoint, attempt, result?.Error);
                return result;
            }

            await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None).ConfigureAwait(true);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, notify.MaxRetryDelay.Ticks));
        }
    }
}
