using System.Globalization;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>EnginePoison</c> (queueTrigger on <c>bi-work-poison</c>, binding <c>message</c>): the host moved a work message
/// aside after host.json's <c>maxDequeueCount</c> failed deliveries; the engine marks its job (or shard) failed so it
/// ends visibly instead of hanging. Idempotent, like every engine step.
/// </summary>
internal sealed class EnginePoisonFunction(FunctionsPipeline pipeline, ILogger<EnginePoisonFunction> logger) : IFunction
{
    public string Name => "EnginePoison";

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var message = QueueTriggerMessage.From(request, EngineWorkFunction.BindingName, pipeline.TimeProvider);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"moved to {pipeline.WorkQueueName}-poison by the Functions host after failing maxDequeueCount deliveries (moved aside at {message.EnqueuedAt:O})");
        return EngineStep.PoisonAsync(pipeline, message, reason, logger, cancellationToken);
    }
}
