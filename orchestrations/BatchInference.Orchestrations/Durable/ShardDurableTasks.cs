using BatchInference.Orchestrations.Engine;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>The shard orchestration and its activities by name, as a host registers them (a new instance per run).</summary>
internal static class ShardDurableTasks
{
    public static IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators(EngineContext context) =>
        new Dictionary<TaskName, Func<ITaskOrchestrator>>
        {
            [EngineOrchestrations.Shard] = () => new ShardOrchestrator(context.Options),
        };

    public static IReadOnlyDictionary<TaskName, Func<ITaskActivity>> Activities(EngineContext context) =>
        new Dictionary<TaskName, Func<ITaskActivity>>
        {
            [ShardActivities.Slice] = () => new ShardSliceActivity(context),
            [ShardActivities.SubmitBatch] = () => new ShardSubmitBatchActivity(context),
            [ShardActivities.CheckBatch] = () => new ShardCheckBatchActivity(context),
            [ShardActivities.Record] = () => new ShardRecordActivity(context),
        };
}
