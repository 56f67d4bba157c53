using System.Globalization;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>EnginePoisonServiceBus</c> (serviceBusTrigger on <c>%ServiceBus__WorkQueue%/$DeadLetterQueue</c>, binding
/// <c>message</c>): Service Bus dead-lettered a work message (past the queue's <c>MaxDeliveryCount</c>, or expired);
/// the engine marks its job (or shard) failed with the broker's <c>DeadLetterReason</c>, so it ends visibly. On success
/// the host completes the dead-lettered message. Idempotent, like every engine step.
/// </summary>
internal sealed class EnginePoisonServiceBusFunction(FunctionsPipeline pipeline, ILogger<EnginePoisonServiceBusFunction> logger) : IFunction
{
    public string Name => "EnginePoisonServiceBus";

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var message = ServiceBusTriggerMessage.From(request, EngineWorkServiceBusFunction.BindingName, pipeline.TimeProvider);
        var why = ServiceBusTriggerMessage.Property(request, "DeadLetterReason") ?? "dead-lettered";
        var description = ServiceBusTriggerMessage.Property(request, "DeadLetterErrorDescription");
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"dead-lettered by Service Bus from {pipeline.WorkQueueName} after {message.DequeueCount} deliveries: {why}{(string.IsNullOrEmpty(description) ? string.Empty : " (" + description + ")")}");
        return EngineStep.PoisonAsync(pipeline, message, reason, logger, cancellationToken);
    }
}
