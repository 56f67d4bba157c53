using Microsoft.DurableTask;

namespace BatchInference.FunctionApp.Orchestrations;

/// <summary>What an activity learns of its invocation under the Functions host: its name and its orchestration's
/// instance id (the trigger's <c>instanceId</c> binding data).</summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc />
    public override TaskName Name { get; } = name;

    /// <inheritdoc />
    public override string InstanceId { get; } = instanceId;
}
