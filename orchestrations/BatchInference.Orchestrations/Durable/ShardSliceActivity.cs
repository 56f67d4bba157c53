using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="ShardActivities.Slice"/>: one bounded real-time slice of a shard (<see cref="EngineOptions.SliceMaxLines"/>,
/// <see cref="EngineOptions.SliceMaxDuration"/>) under its lease, resumed from its checkpoints, so a slice run again
/// after a crash re-sends at most the in-flight window. A batch shard answers <see cref="ShardNext.Submit"/> or
/// <see cref="ShardNext.Poll"/> instead; a shard asked to stop is marked stopped. <paramref name="stopping"/> (a host's
/// shutdown) ends a slice early; what it checkpointed stays and the next slice resumes from there.
/// </summary>
internal sealed class ShardSliceActivity(EngineContext engine, CancellationToken stopping = default) : TaskActivity<ShardStepInput, ShardStep>
{
    public override async Task<ShardStep> RunAsync(TaskActivityContext context, ShardStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slice = new ShardSliceLimits(engine.Options.SliceMaxLines, engine.Options.SliceMaxDuration);
        var parts = await PartsAsync(input).ConfigureAwait(false);
        try
        {
            return await new ShardPass(engine).RunAsync(
                input.JobId, input.Shard, new ShardPassRequest(SubmitBatch: false, Slice: slice, StopReason: input.StopReason), stopping)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (await PartsAsync(input).ConfigureAwait(false) <= parts)
            {
                throw; // no progress: the retry policy counts it, and a slice that keeps failing fails the job
            }

            // It checkpointed before it failed (a lost lease, a storage hiccup): progress, so a crash to resume, not poison.
            Log.SliceFailedAfterProgress(engine.Logger, input.JobId, input.Shard, ex.Message);
            return ShardStep.Slice;
        }
    }

    private async Task<int> PartsAsync(ShardStepInput input) =>
        (await ShardCheckpointReader.ListPartsAsync(engine.Blobs, input.JobId, input.Shard, CancellationToken.None).ConfigureAwait(false)).Count;
}
