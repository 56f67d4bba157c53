using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.FunctionApp.Tests.Infrastructure;

/// <summary>
/// What the <c>[DurableClient]</c> binding hands a function, for tests that call the functions directly. The engine
/// does not start orchestrations through the client yet (h/orchjob changes that), so every call fails the test; once it
/// does, these tests take the local task hub's client over Azurite (src/BatchInference.Durable) instead.
/// </summary>
internal sealed class UntouchedDurableClient() : DurableTaskClient("untouched")
{
    private static NotSupportedException Touched() => new("The engine called the Durable client; give these tests a real one.");

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw Touched();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw Touched();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Touched();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Touched();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Touched();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Touched();

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Touched();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw Touched();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw Touched();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw Touched();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
