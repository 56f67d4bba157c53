using System.Globalization;
using Azure;
using Azure.Messaging;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// Sends one attempt of an Event Grid delivery: one CloudEvent (<c>type</c> <c>BatchInference.Job.Completed</c> and so
/// on, <c>subject</c> <c>jobs/&lt;id&gt;</c>, <c>id</c> the delivery's stable id, <c>data</c> the job's summary) to the
/// deployment's custom topic with the official client (<see cref="EventGridPublishing"/>), whose own retries are off: the
/// delivery orchestration is the one retry layer.
/// </summary>
internal sealed class EventGridSender(EngineContext engine)
{
    /// <summary>The CloudEvent type of each <c>job.*</c> event.</summary>
    public static string TypeOf(string jobEvent) => jobEvent switch
    {
        WebhookEvents.JobCompleted => "BatchInference.Job.Completed",
        WebhookEvents.JobCompletedWithErrors => "BatchInference.Job.CompletedWithErrors",
        WebhookEvents.JobFailed => "BatchInference.Job.Failed",
        WebhookEvents.JobCancelled => "BatchInference.Job.Cancelled",
        WebhookEvents.JobBudgetExceeded => "BatchInference.Job.BudgetExceeded",
        _ => throw new ArgumentOutOfRangeException(nameof(jobEvent), jobEvent, "Not a job event."),
    };

    public async Task<(string Outcome, int? Status, string? Error)> TrySendAsync(JobNotification notification, CancellationToken cancellationToken)
    {
        if (engine.EventGridClient is not { } client)
        {
            return (NotificationAttemptResult.Refused, null, "Notify:EventGrid:Endpoint is no longer configured.");
        }

        var summary = await new JobPublisher(engine.Blobs, notification.JobId, engine.Logger).TryReadSummaryAsync(cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            return (NotificationAttemptResult.Refused, null, "The job has no summary.json to send.");
        }

        var cloudEvent = new CloudEvent(
            engine.Options.Notify.EventGrid.Source, TypeOf(notification.Event), new BinaryData(NotificationPayload.Summary(summary)), "application/json",
            CloudEventDataFormat.Json)
        {
            Id = notification.WebhookId,
            Subject = "jobs/" + notification.JobId,
            Time = summary.FinishedAt ?? summary.CreatedAt,
        };
        try
        {
            using var response = await client.SendEventAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
            return (NotificationAttemptResult.Delivered, response.Status, null);
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            return (NotificationAttemptResult.Failed, e.Status, string.Create(CultureInfo.InvariantCulture, $"Event Grid answered {e.Status} {e.ErrorCode}."));
        }
        catch (RequestFailedException e)
        {
            return (NotificationAttemptResult.Failed, null, "Event Grid could not be reached: " + e.InnerException?.Message);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            return (NotificationAttemptResult.Failed, null, "Signing in to Event Grid failed: " + e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (NotificationAttemptResult.Failed, null, "Event Grid did not answer in time.");
        }
    }
}
