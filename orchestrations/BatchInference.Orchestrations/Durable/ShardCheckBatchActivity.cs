using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="ShardActivities.CheckBatch"/>: checks a shard's provider batch once, deciding with
/// <c>BatchDecisions</c>: <see cref="ShardNext.Poll"/> again after a back-off that never passes the shard's last safe
/// moment; a cancel at the last safe moment or when the shard must stop (then polls until it ends); once it ended, its
/// answers are checkpointed and <see cref="ShardNext.Slice"/> runs the rest in real time (the hedge).
/// </summary>
internal sealed class ShardCheckBatchActivity(EngineContext engine) : TaskActivity<ShardStepInput, ShardStep>
{
    public override async Task<ShardStep> RunAsync(TaskActivityContext context, ShardStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await new CheckBatchStep(engine).CheckAsync(input.JobId, input.Shard, input.StopReason, CancellationToken.None).ConfigureAwait(false)
            ?? ShardStep.Slice; // no batch out: the slice finds what the shard needs
    }
}
