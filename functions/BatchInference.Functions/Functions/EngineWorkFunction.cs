using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>EngineWork</c> (queueTrigger on <c>bi-work</c>, binding <c>message</c>; used with <c>Engine__Queue=storage</c>):
/// runs one engine step (<see cref="EngineStep"/>). A failure answers 500, so the host makes the message visible again
/// and, after host.json's <c>maxDequeueCount</c>, moves it to <c>bi-work-poison</c>, where
/// <see cref="EnginePoisonFunction"/> fails the job visibly.
/// </summary>
internal sealed class EngineWorkFunction(FunctionsPipeline pipeline, ILogger<EngineWorkFunction> logger) : IFunction
{
    public const string BindingName = "message";

    public string Name => "EngineWork";

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default) =>
        EngineStep.RunAsync(pipeline, QueueTriggerMessage.From(request, BindingName, pipeline.TimeProvider), logger, cancellationToken);
}
