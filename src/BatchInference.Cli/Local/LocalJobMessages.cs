using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Intake;
using Microsoft.Extensions.Logging;

namespace BatchInference.Cli.Local;

/// <summary>
/// The local stand-in for the function app's <c>JobMessage</c> queue trigger: reads job messages (plain JSON text) from
/// the Storage queue <see cref="JobMessageIntake.QueueName"/> and starts their jobs through the same
/// <see cref="JobMessageIntake"/>. The job id follows the message's <c>message_id</c>, so a message read twice (a
/// redelivery, or two workers) starts one job. A message that can never start a job goes at once to
/// <see cref="JobMessageIntake.PoisonQueueName"/> as sent, its reason logged as an error (retrying cannot help, so the
/// app's five deliveries would only delay it); a message that failed for another reason (storage) reappears after the
/// visibility timeout and is poisoned after <see cref="MaxDequeueCount"/> deliveries, as the Functions host does.
/// </summary>
internal sealed partial class LocalJobMessages(QueueClient queue, QueueClient poison, Uri blobEndpoint, ILogger logger)
{
    /// <summary>Deliveries after which a message that keeps failing goes to the poison queue (the app's host.json).</summary>
    public const int MaxDequeueCount = 5;

    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The queues on the account's queue service.</summary>
    public static LocalJobMessages Create(QueueServiceClient service, Uri blobEndpoint, ILogger logger) =>
        new(service.GetQueueClient(JobMessageIntake.QueueName), service.GetQueueClient(JobMessageIntake.PoisonQueueName), blobEndpoint, logger);

    /// <summary>Creates both queues if missing.</summary>
    public async Task EnsureQueuesAsync(CancellationToken cancellationToken)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Handles the messages visible now (up to 32).</summary>
    /// <returns>The ids of the jobs the messages name (started now or found started).</returns>
    public async Task<IReadOnlyList<string>> ReceiveOnceAsync(JobEngine engine, CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(32, VisibilityTimeout, cancellationToken)).Value;
        foreach (var message in messages)
        {
            JobMessageOutcome outcome;
            try
            {
                outcome = await JobMessageIntake.SubmitAsync(engine, blobEndpoint, message.Body.ToMemory(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && message.DequeueCount >= MaxDequeueCount)
            {
                outcome = new JobMessageOutcome.Rejected(ex.GetType().Name, ex.Message);
            }

            switch (outcome)
            {
                case JobMessageOutcome.Started started:
                    LogStarted(logger, message.MessageId, started.Input, started.JobId);
                    jobs.Add(started.JobId);
                    break;
                case JobMessageOutcome.Rejected rejected:
                    await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                    LogPoisoned(logger, message.MessageId, JobMessageIntake.PoisonQueueName, rejected.Reason, rejected.Description);
                    break;
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }

        return jobs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job message {MessageId} ({Input}): job {JobId}.")]
    private static partial void LogStarted(ILogger logger, string messageId, string input, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job message {MessageId} moved to {PoisonQueue}: {Reason}: {Description}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue, string reason, string description);
}
