using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json.Linq;
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

    /// <param name="state">The instance as the Instances table holds it.</param>
    /// <param name="withInputsAndOutputs">Whether input and output were asked for.</param>
    /// <param name="converter">The converter of inputs and outputs.</param>
    /// <param name="failure">The failure read from the history (see <see cref="FailureOf"/>); null to take what
    /// <paramref name="state"/> says.</param>
    public static OrchestrationMetadata ToMetadata(OrchestrationState state, bool withInputsAndOutputs, DataConverter converter, FailureDetails? failure = null) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = ToRuntimeStatus(state.OrchestrationStatus),
            CreatedAt = Utc(state.CreatedTime),
            LastUpdatedAt = Utc(state.LastUpdatedTime),
            SerializedInput = withInputsAndOutputs ? state.Input : null,

            // A failed instance's output column holds "ErrorType: message", not JSON: that is the failure details.
            SerializedOutput = withInputsAndOutputs && state.OrchestrationStatus != OrchestrationStatus.Failed ? state.Output : null,

            // Custom status is small and what `bi status` shows: Durable Functions returns it with or without inputs.
            SerializedCustomStatus = state.Status,
            FailureDetails = ToFailureDetails(failure ?? state.FailureDetails ?? FailureFromOutput(state)),
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),

            // As in the SDK's own clients, the converter is set only when inputs and outputs were asked for, so that
            // ReadInputAs/ReadOutputAs on a lean read throw instead of returning a silent null.
            DataConverter = withInputsAndOutputs ? converter : null,
        };

    /// <summary>The failure of a failed instance from its history's completion event, which keeps the stack trace and
    /// the inner failure (the Instances table keeps only "ErrorType: message"); null for other instances.</summary>
    /// <param name="historyJson">The history as the backend dumps it (a JSON array of events, Newtonsoft.Json).</param>
    public static FailureDetails? FailureOf(string historyJson)
    {
        var completed = JArray.Parse(historyJson).OfType<JObject>()
            .LastOrDefault(item => item.Value<int?>("EventType") == (int)EventType.ExecutionCompleted);
        return completed?["FailureDetails"] is JObject details ? details.ToObject<FailureDetails>() : null;
    }

    private static FailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return null;
        }

        var colon = state.Output.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0
            ? new FailureDetails(string.Empty, state.Output, null, null, false)
            : new FailureDetails(state.Output[..colon], state.Output[(colon + 2)..], null, null, false);
    }

    private static TaskFailureDetails? ToFailureDetails(FailureDetails? details) =>
        details is null ? null : new TaskFailureDetails(
            details.ErrorType, details.ErrorMessage, details.StackTrace, ToFailureDetails(details.InnerFailure), details.Properties);

    // The tables hand back UTC times, sometimes of Kind Unspecified; DateTime.MinValue means "not yet".
    private static DateTimeOffset Utc(DateTime time) =>
        time == default ? default : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
