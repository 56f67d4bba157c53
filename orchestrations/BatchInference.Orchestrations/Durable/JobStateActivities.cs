using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="JobActivities.RecordCancel"/>: <see cref="JobDecisions.Cancel"/> on the job's state, as <c>bi cancel</c>
/// records it, for a cancel event raised straight at the orchestration. Shards stop starting lines once they see it.
/// </summary>
internal sealed class RecordJobCancelActivity(EngineContext engine) : TaskActivity<JobOrchestrationInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JobOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = await engine.Jobs.UpdateAsync(StorageLayout.JobState(input.JobId), s => JobDecisions.Cancel(s, engine.Now)).ConfigureAwait(false);
        if (state is not null)
        {
            Log.JobCancelRequested(engine.Logger, input.JobId);
        }

        return state is not null;
    }
}

/// <summary><see cref="JobActivities.CleanUp"/>: <see cref="JobWorkCleanup.DeleteAsync"/>.</summary>
internal sealed class CleanUpJobActivity(EngineContext engine) : TaskActivity<JobOrchestrationInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, JobOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await new JobWorkCleanup(engine).DeleteAsync(input.JobId, CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary><see cref="JobActivities.Fail"/>: work that failed after its retries fails the job (<see cref="JobFailure.FailAsync"/>).</summary>
internal sealed class FailJobActivity(EngineContext engine) : TaskActivity<JobFailureInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JobFailureInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await new JobFailure(engine).FailAsync(input.JobId, input.Shard, input.Cause, CancellationToken.None).ConfigureAwait(false) is not null;
    }
}

/// <summary><see cref="JobActivities.PublishFailedSummary"/>: <see cref="JobFailure.FailUnfinishableAsync"/>.</summary>
internal sealed class PublishFailedSummaryActivity(EngineContext engine) : TaskActivity<JobFailureInput, JobFinishResult>
{
    public override async Task<JobFinishResult> RunAsync(TaskActivityContext context, JobFailureInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = await new JobFailure(engine).FailUnfinishableAsync(input.JobId, input.Cause, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job {input.JobId} has no work/{StorageLayout.JobState(input.JobId)}.");
        return await FinishJobActivity.ResultAsync(engine, state).ConfigureAwait(false);
    }
}
