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
/// A message that can never start a job (invalid, or its input missing) goes at once to <c>job-messages-poison</c> as
/// sent, its reason and every problem logged as an error, and the invocation succeeds, so the host deletes it without
/// retrying what cannot succeed (as <c>bi worker --local</c> does). Any other failure (storage unreachable) throws: the
/// host retries it and, after <see cref="AppSettings.MaxDequeueCount"/> deliveries, moves it to the same poison queue.
/// </summary>
internal sealed class JobMessageFunction(JobEngines engines, JobMessagePoisonQueue poison, ILogger<JobMessageFunction> logger)
{
    /// <summary>The function name.</summary>
    public const string Name = "JobMessage";

    /// <summary>Starts the message's job.</summary>
    /// <param name="message">The body as sent.</param>
    /// <param name="id">The queue message's id (binding metadata).</param>
    /// <param name="dequeueCount">Deliveries so far, this one included (binding metadata).</param>
    /// <param name="durable">The task hub's client.</param>
    /// <param name="cancellationToken">The invocation's cancellation.</param>
    /// <returns>The job id, or null when the message went to the poison queue.</returns>
    [Function(Name)]
    public async Task<string?> RunAsync(
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
            case JobMessageOutcome.Rejected rejected:
                // Sent before the invocation succeeds: if the send fails, the host delivers the message again.
                await poison.SendAsync(message, cancellationToken).ConfigureAwait(false);
                Log.QueueMessagePoisoned(logger, id, dequeueCount, poison.Name, rejected.Reason, rejected.Description);
                return null;
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome}.");
        }
    }
}
