using Azure.Messaging.ServiceBus;
using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Intake;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.ServiceBus;

/// <summary>
/// Settles one job message from the Service Bus queue, the processor's <c>ProcessMessageAsync</c>: a started (or
/// already started) job completes the message; a message that can never start a job is dead-lettered at once with the
/// reason (<c>InvalidJobMessage</c> or <c>InputNotFound</c>) and every problem as the description; any other failure
/// (storage unreachable) abandons it, so it comes back until the queue's <c>MaxDeliveryCount</c> and the broker
/// dead-letters it (<c>MaxDeliveryCountExceeded</c>). At least once: a redelivery finds the job by its message id.
/// </summary>
internal sealed class JobMessageHandler(JobEngines engines, ILogger<JobMessageHandler> logger)
{
    /// <summary>Handles and settles one message.</summary>
    /// <param name="args">The processor's event (message, receiver, cancellation).</param>
    /// <returns>A task that completes once the message is settled.</returns>
    public async Task HandleAsync(ProcessMessageEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var message = args.Message;
        JobMessageOutcome outcome;
        try
        {
            outcome = await JobMessageIntake.SubmitAsync(
                engines.ForBackgroundWork(), engines.BlobEndpoint, message.Body.ToMemory(), args.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!args.CancellationToken.IsCancellationRequested)
        {
            // Worth another delivery; the lock would lapse anyway, abandoning makes it prompt.
            Log.MessageAbandoned(logger, ex, message.MessageId, message.DeliveryCount);
            await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return;
        }

        switch (outcome)
        {
            case JobMessageOutcome.Started started:
                Log.JobSubmitted(logger, started.Input, started.JobId, "ServiceBusIntake");
                await args.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
                break;
            case JobMessageOutcome.Rejected rejected:
                Log.MessageDeadLettered(logger, message.MessageId, rejected.Reason, rejected.Description);
                await args.DeadLetterMessageAsync(message, rejected.Reason, Truncate(rejected.Description), CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    // Service Bus caps a dead-letter description at 4096 characters.
    private static string Truncate(string text) => text.Length <= 4096 ? text : string.Concat(text.AsSpan(0, 4093), "...");
}
