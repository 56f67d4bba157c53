using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary><see cref="JobActivities.Prepare"/>: <see cref="JobPreparer"/> on the job's state; sends nothing.</summary>
internal sealed class PrepareJobActivity(EngineContext engine) : TaskActivity<JobOrchestrationInput, JobPreparation>
{
    public override async Task<JobPreparation> RunAsync(TaskActivityContext context, JobOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = await engine.Jobs.ReadAsync(StorageLayout.JobState(input.JobId), CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job {input.JobId} has no work/{StorageLayout.JobState(input.JobId)}: it was started without being submitted.");
        return await new JobPreparer(engine).PrepareAsync(state.Value, CancellationToken.None).ConfigureAwait(false);
    }
}
