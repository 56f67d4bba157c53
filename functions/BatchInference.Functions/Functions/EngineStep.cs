using System.Globalization;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using BatchInference.Storage.Queues;
using BatchInference.Workers;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// One engine step for a work message, whichever queue trigger delivered it: the engine's handler runs; Done answers
/// 200 (the host completes the message); RunAgainAfter first sends a copy of the body to the engine's work queue, hidden
/// for the delay (a Storage Queue visibility timeout, a Service Bus scheduled enqueue time: a durable timer), then
/// answers 200. An exception fails the invocation, so the host makes the message deliverable again.
/// </summary>
internal static class EngineStep
{
    public static async Task<InvocationResponse> RunAsync(
        FunctionsPipeline pipeline, WorkQueueMessage message, ILogger logger, CancellationToken cancellationToken = default)
    {
        var outcome = await pipeline.Engine.Handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        var response = new InvocationResponse();
        if (outcome is WorkOutcome.Rescheduled again)
        {
            var receipt = await pipeline.WorkQueue.SendAsync(message.Body, again.Delay, cancellationToken).ConfigureAwait(false);
            Log.WorkRescheduled(logger, message.Id, receipt.MessageId, again.Delay);
            return response.Log(string.Create(
                CultureInfo.InvariantCulture,
                $"Message {message.Id}: runs again in {again.Delay} as message {receipt.MessageId} on {pipeline.WorkQueueName} (visible at {receipt.NextVisibleAt:O})."));
        }

        Log.WorkDone(logger, message.Id, message.DequeueCount);
        return response.Log($"Message {message.Id}: done.");
    }

    /// <summary>The engine's poison handling for a message the host moved aside: its job (or shard) is failed visibly.</summary>
    public static async Task<InvocationResponse> PoisonAsync(
        FunctionsPipeline pipeline, WorkQueueMessage message, string reason, ILogger logger, CancellationToken cancellationToken = default)
    {
        await pipeline.Engine.Handler.OnPoisonAsync(message, reason, cancellationToken).ConfigureAwait(false);
        Log.PoisonHandled(logger, message.Id);
        return new InvocationResponse().Log($"Poison message {message.Id}: its work is recorded as failed.");
    }
}
