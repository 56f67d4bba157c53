using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="JobActivities.Finish"/>: the orchestration calls it once every shard orchestration has ended, so the job
/// is first moved to finishing with every shard recorded (<see cref="JobDecisions.ShardsEnded"/>), then finished
/// (<see cref="JobFinisher"/>). Run again after a crash it finds the summary and reports it.
/// </summary>
internal sealed class FinishJobActivity(EngineContext engine) : TaskActivity<JobOrchestrationInput, JobFinishResult>
{
    public override async Task<JobFinishResult> RunAsync(TaskActivityContext context, JobOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await engine.Jobs.UpdateAsync(StorageLayout.JobState(input.JobId), s => JobDecisions.ShardsEnded(s, engine.Now)).ConfigureAwait(false);
        var (state, busy) = await new JobFinisher(engine).FinishAsync(input.JobId, CancellationToken.None).ConfigureAwait(false);
        if (state is null)
        {
            throw new InvalidOperationException($"Job {input.JobId} has no work/{StorageLayout.JobState(input.JobId)} to finish.");
        }

        return busy
            ? new JobFinishResult(state.Status, engine.Options.LeaseBusyRetry, null, null)
            : await ResultAsync(engine, state).ConfigureAwait(false);
    }

    /// <summary>The job's status with its published summary's counts.</summary>
    public static async Task<JobFinishResult> ResultAsync(EngineContext engine, JobState state)
    {
        JobSummary? summary = state.Status.IsTerminal()
            ? await new JobPublisher(engine.Blobs, state.JobId, engine.Logger).TryReadSummaryAsync(CancellationToken.None).ConfigureAwait(false)
            : null;
        return new JobFinishResult(state.Status, TimeSpan.Zero, summary?.Counts, summary?.FailureReason ?? state.FailureReason);
    }
}
