using BatchInference.Orchestrations.Engine;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// The <see cref="EngineOrchestrations.Job"/> orchestration: prepare (sidecar wait and a busy job lock as durable
/// timers), one <see cref="EngineOrchestrations.Shard"/> sub-orchestration per unfinished shard, fan-in, finish.
/// Deterministic: every blob is read and written in activities; only shard numbers and counts pass through here.
/// </summary>
/// <remarks>Activities are tried <see cref="EngineOptions.ActivityMaxAttempts"/> times; what still fails fails the job
/// with a reason, and it is finished.</remarks>
internal sealed class JobOrchestrator(EngineOptions options) : TaskOrchestrator<JobOrchestrationInput, JobOrchestrationResult>
{
    public override Task<JobOrchestrationResult> RunAsync(TaskOrchestrationContext context, JobOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new JobOrchestrationRun(context, input, options.ActivityRetries()).RunAsync();
    }
}
