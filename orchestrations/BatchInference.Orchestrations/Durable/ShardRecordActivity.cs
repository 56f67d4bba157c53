using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// <see cref="ShardActivities.Record"/>: records in <c>job.json</c> that the shard will not run again, or fails the job
/// with the shard's failure. It does not finish the job: the job orchestration finishes the job once every shard orchestration has returned. Returns true when the job exists.
/// </summary>
internal sealed class ShardRecordActivity(EngineContext engine) : TaskActivity<ShardRecordInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ShardRecordInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await ShardRecord.FinishedAsync(engine, input.JobId, input.Shard, input.Failure, CancellationToken.None).ConfigureAwait(false) is not null;
    }
}
