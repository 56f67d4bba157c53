using BatchInference.FunctionApp.Composition;
using BatchInference.FunctionApp.Intake;
using BatchInference.Orchestrations.Intake;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Functions;

/// <summary>
/// <c>JobMessage</c> (Storage queue <c>job-messages</c> of the <c>Storage</c> account): a job message other teams send
/// as plain JSON text (<c>schemas/job-message.schema.json</c>; host.json reads it with <c>messageEncoding: none</c>).
/// A message that cannot start a job fails the invocation with every problem listed: the host retries it and, after
/// <see cref="AppSettings.MaxDequeueCount"/> deliveries, moves it to <c>job-messages-poison</c>, where it stays for
/// the sender to read; each failure is logged with the reason, the last one as an error naming the poison queue.
/// </summary>
internal sealed class JobMessageFunction(JobEngines engines, ILogger<JobMessageFunction> logger)
{
    /// <summary>The function name.</summary>
    public const string Name = "JobMessage";

    /// <summary>Starts the message's job.</summary>
    /// <param name="message">The body as sent.</param>
    /// <param name="id">The queue message's id (binding metadata).</param>
    /// <param name="dequeueCount">Deliveries so far, this one included (binding metadata).</param>
    /// <param name="durable">The task hub's client.</param>
    /// <param name="cancellationToken">The invocation's cancellation.</param>
    /// <returns>The job id.</returns>
    /// <exception cref="InvalidJobMessageException">The message cannot start a job; the host retries, then poisons it.</exception>
    [Function(Name)]
    public async Task<string> RunAsync(
        [QueueTrigger(AppSettings.JobMessagesQueue, Connection = AppSettings.StorageConnection)] BinaryData message,
        string id,
        long dequeueCount,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outcome = await JobMessageIntake.SubmitAsync(engines.For(durable), engines.BlobEndpoint, message.ToMemory(), cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case JobMessageOutcome.Started started:
                Log.JobSubmitted(logger, started.Input, started.JobId, Name);
                return started.JobId;
            case JobMessageOutcome.Rejected rejected when dequeueCount >= AppSettings.MaxDequeueCount:
                Log.QueueMessagePoisoned(logger, id, dequeueCount, AppSettings.JobMessagesPoisonQueue, rejected.Reason, rejected.Description);
                throw new InvalidJobMessageException(rejected);
            case JobMessageOutcome.Rejected rejected:
                Log.QueueMessageRejected(logger, id, dequeueCount, AppSettings.MaxDequeueCount, rejected.Reason, rejected.Description);
                throw new InvalidJobMessageException(rejected);
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome}.");
        }
    }
}
