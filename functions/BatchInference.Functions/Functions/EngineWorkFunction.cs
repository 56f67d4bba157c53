using System.Globalization;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using BatchInference.Workers;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>EngineWork</c> (queueTrigger on <c>bi-work</c>, binding <c>message</c>): runs one engine step. Done completes the
/// message (the host deletes it on success); RunAgainAfter sends a delayed copy first (a durable timer). A failure
/// answers 500, so the host makes the message visible again and, after host.json's <c>maxDequeueCount</c>, moves it to
/// <c>bi-work-poison</c>, where <see cref="EnginePoisonFunction"/> fails the job visibly.
/// </summary>
internal sealed class EngineWorkFunction(FunctionsPipeline pipeline, ILogger<EngineWorkFunction> logger) : IFunction
{
    public const string BindingName = "message";

    public string Name => "EngineWork";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var message = QueueTriggerMessage.From(request, BindingName, pipeline.TimeProvider);
        var outcome = await pipeline.Engine.Handler.HandleAsync(message, cancellationToken).ConfigureAwait(false);
        var response = new InvocationResponse();
        switch (outcome)
        {
            case WorkOutcome.Rescheduled again:
                var receipt = await pipeline.Queue.SendAsync(message.Body, again.Delay, cancellationToken).ConfigureAwait(false);
                Log.WorkRescheduled(logger, message.Id, receipt.MessageId, again.Delay);
                return response.Log(string.Create(
                    CultureInfo.InvariantCulture, $"Message {message.Id}: runs again in {again.Delay} as message {receipt.MessageId}."));
            default:
                Log.WorkDone(logger, message.Id, message.DequeueCount);
                return response.Log($"Message {message.Id}: done.");
        }
    }
}
