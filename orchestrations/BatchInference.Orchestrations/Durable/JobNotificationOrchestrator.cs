using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Notifications;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// The <see cref="EngineOrchestrations.Notification"/> orchestration: delivers one event of one job to one webhook, at
/// least once. Each attempt is an activity (the HTTP send and its record); between failed attempts it waits on a durable
/// timer, doubling from <see cref="NotifyOptions.FirstRetryDelay"/> to <see cref="NotifyOptions.MaxRetryDelay"/>, until
/// <see cref="NotifyOptions.RetryFor"/> has passed since the first attempt. A crash or redeploy resumes it from history.
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
            NotificationAttemptResult? result;
            try
            {
                var send = new NotificationAttemptInput(input, attempt, new NotificationSchedule(delay, giveUpAt));
                result = await context.CallActivityAsync<NotificationAttemptResult>(JobActivities.SendNotification, send, retry).ConfigureAwait(true);
            }
            catch (TaskFailedException)
            {
                result = null; // storage kept failing: the attempt is not recorded, but it is retried like a failed send
            }

            if (result is { ShouldRetry: false })
            {
                return result;
            }

            // The orchestration's clock decides (replay-safe); the attempt's record says when the next one is due, for status.
            if (context.CurrentUtcDateTime + delay > giveUpAt)
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
