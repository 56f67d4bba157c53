using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>EngineWorkServiceBus</c> (serviceBusTrigger on <c>%ServiceBus__WorkQueue%</c>, binding <c>message</c>; used with
/// <c>Engine__Queue=servicebus</c>): the same engine step as <see cref="EngineWorkFunction"/>. RunAgainAfter sends a
/// copy with a scheduled enqueue time and answers 200, so the host completes the original; a failure answers 500, so the
/// host abandons it and Service Bus delivers it again, until the queue's <c>MaxDeliveryCount</c> moves it to
/// <c>$DeadLetterQueue</c>, where <see cref="EnginePoisonServiceBusFunction"/> fails its job visibly.
/// </summary>
internal sealed class EngineWorkServiceBusFunction(FunctionsPipeline pipeline, ILogger<EngineWorkServiceBusFunction> logger) : IFunction
{
    public const string BindingName = "message";

    public string Name => "EngineWorkServiceBus";

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default) =>
        EngineStep.RunAsync(pipeline, ServiceBusTriggerMessage.From(request, BindingName, pipeline.TimeProvider), logger, cancellationToken);
}
