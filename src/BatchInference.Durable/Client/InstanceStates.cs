using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Durable.Client;

/// <summary>Translates the framework's instance state into the <c>Microsoft.DurableTask</c> client's shapes.</summary>
internal static class InstanceStates
{
    /// <summary>The statuses of an instance that will not run again on its own (Canceled is never set by the framework).</summary>
    public static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    // Both enums carry the same numbers (Running 0 … Suspended 7): the client's enum was made from the framework's.
    public static OrchestrationRuntimeStatus ToRuntimeStatus(OrchestrationStatus status) => (OrchestrationRuntimeStatus)(int)status;

    public static OrchestrationStatus ToStatus(OrchestrationRuntimeStatus status) => (OrchestrationStatus)(int)status;

    public static OrchestrationMetadata ToMetadata(OrchestrationState state, bool withInputsAndOutputs, DataConverter converter) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = ToRuntimeStatus(state.OrchestrationStatus),
            CreatedAt = Utc(state.CreatedTime),
            LastUpdatedAt = Utc(state.LastUpdatedTime),
            SerializedInput = withInputsAndOutputs ? state.Input : null,
            SerializedOutput = withInputsAndOutputs ? state.Output : null,

            // Custom status is small and what `bi status` shows: Durable Functions returns it with or without inputs.
            SerializedCustomStatus = state.Status,
            FailureDetails = ToFailureDetails(state.FailureDetails),
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),

            // As in the SDK's own clients, the converter is set only when inputs and outputs were asked for, so that
            // ReadInputAs/ReadOutputAs on a lean read throw instead of returning a silent null.
            DataConverter = withInputsAndOutputs ? converter : null,
        };

    private static TaskFailureDetails? ToFailureDetails(FailureDetails? details) =>
        details is null ? null : new TaskFailureDetails(
            details.ErrorType, details.ErrorMessage, details.StackTrace, ToFailureDetails(details.InnerFailure), details.Properties);

    // The tables hand back UTC times, sometimes of Kind Unspecified; DateTime.MinValue means "not yet".
    private static DateTimeOffset Utc(DateTime time) =>
        time == default ? default : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
