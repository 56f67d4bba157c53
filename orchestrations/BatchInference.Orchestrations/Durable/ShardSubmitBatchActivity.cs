using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="ShardActivities.SubmitBatch"/>: hands a batch shard to its provider's batch API under the shard's lease,
/// idempotently: "submitting" is recorded first and the batch is created with metadata <c>{job_id, shard, attempt}</c>,
/// so a retry after a crash adopts the batch it finds instead of paying for a second one. Answers
/// <see cref="ShardNext.Poll"/> with the delay before the first check, or <see cref="ShardNext.Slice"/> when the shard
/// cannot go to a batch and runs in real time (its state says why).
/// </summary>
internal sealed class ShardSubmitBatchActivity(EngineContext engine) : TaskActivity<ShardStepInput, ShardStep>
{
    public override Task<ShardStep> RunAsync(TaskActivityContext context, ShardStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ShardPass(engine).RunAsync(
            input.JobId, input.Shard, new ShardPassRequest(SubmitBatch: true, RunLines: false, StopReason: input.StopReason), CancellationToken.None);
    }
}
