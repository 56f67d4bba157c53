using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Notifications;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="JobActivities.StartNotifications"/>: starts a <see cref="EngineOrchestrations.Notification"/> instance per
/// delivery the ended job owes, each under its deterministic id and only if no instance with that id exists, so an
/// activity run again after a crash (or a job orchestration replayed) starts none twice. The deliveries then run on
/// their own: the job's orchestration ends without waiting for any receiver.
/// </summary>
internal sealed class StartJobNotificationsActivity(EngineContext engine) : TaskActivity<JobOrchestrationInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, JobOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = (await engine.Jobs.ReadAsync(StorageLayout.JobState(input.JobId), CancellationToken.None).ConfigureAwait(false))?.Value;
        var deliveries = job is null ? [] : JobNotification.For(job, engine.Options.Notify.Subscriptions(), engine.Options.Notify.EventGrid.Endpoint);
        if (deliveries.Count == 0)
        {
            return 0;
        }

        var client = engine.Orchestrations
            ?? throw new InvalidOperationException("This engine has no task hub client to start webhook deliveries with.");
        var started = 0;
        foreach (var delivery in deliveries)
        {
            var id = EngineOrchestrations.NotificationInstanceId(delivery);
            started += await JobOrchestrationClient.StartOnceAsync(client, EngineOrchestrations.Notification, id, delivery, CancellationToken.None)
                .ConfigureAwait(false) ? 1 : 0;
        }

        Log.WebhooksStarted(engine.Logger, input.JobId, started);
        return started;
    }
}

/// <summary><see cref="JobActivities.SendNotification"/>: one attempt (<see cref="NotificationSender"/>).</summary>
internal sealed class SendJobNotificationActivity(EngineContext engine) : TaskActivity<NotificationAttemptInput, NotificationAttemptResult>
{
    public override Task<NotificationAttemptResult> RunAsync(TaskActivityContext context, NotificationAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new NotificationSender(engine).SendAsync(input, CancellationToken.None);
    }
}
