using BatchInference.Orchestrations.Engine;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// What a host registers to run the engine on Durable Task: every orchestrator and activity by name, each a factory
/// (a new instance per execution) over one <see cref="JobEngine"/>'s storage, providers, catalog and settings. The
/// local worker (DTFx) registers these dictionaries as they are; the Functions app wraps each name in a trigger.
/// </summary>
public static class EngineDurableTasks
{
    /// <summary>The engine's orchestrators by name.</summary>
    /// <param name="engine">The engine whose parts they use.</param>
    /// <returns>Factories by <see cref="EngineOrchestrations"/> name.</returns>
    public static IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators(JobEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Orchestrators(engine.Context);
    }

    /// <summary>The engine's activities by name.</summary>
    /// <param name="engine">The engine whose parts they use.</param>
    /// <returns>Factories by activity name (<see cref="JobActivities"/>, <see cref="ShardActivities"/>).</returns>
    public static IReadOnlyDictionary<TaskName, Func<ITaskActivity>> Activities(JobEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Activities(engine.Context);
    }

    internal static Dictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators(EngineContext context) => new()
    {
        [EngineOrchestrations.Job] = () => new JobOrchestrator(context.Options),
        [EngineOrchestrations.Shard] = () => new ShardOrchestrator(context.Options),
        [EngineOrchestrations.Notification] = () => new JobNotificationOrchestrator(context.Options),
    };

    // Each in a span tagged with its job (TracedActivity), so its cost and provider calls belong to the job.
    internal static Dictionary<TaskName, Func<ITaskActivity>> Activities(EngineContext context) =>
        UntracedActivities(context).ToDictionary(pair => pair.Key, pair => Traced(pair.Value));

    private static Func<ITaskActivity> Traced(Func<ITaskActivity> create) => () => new TracedActivity(create());

    private static Dictionary<TaskName, Func<ITaskActivity>> UntracedActivities(EngineContext context) => new()
    {
        [JobActivities.Prepare] = () => new PrepareJobActivity(context),
        [JobActivities.Finish] = () => new FinishJobActivity(context),
        [JobActivities.CleanUp] = () => new CleanUpJobActivity(context),
        [JobActivities.RecordCancel] = () => new RecordJobCancelActivity(context),
        [JobActivities.Fail] = () => new FailJobActivity(context),
        [JobActivities.PublishFailedSummary] = () => new PublishFailedSummaryActivity(context),
        [JobActivities.StartNotifications] = () => new StartJobNotificationsActivity(context),
        [JobActivities.SendNotification] = () => new SendJobNotificationActivity(context),
        [ShardActivities.Slice] = () => new ShardSliceActivity(context),
        [ShardActivities.SubmitBatch] = () => new ShardSubmitBatchActivity(context),
        [ShardActivities.CheckBatch] = () => new ShardCheckBatchActivity(context),
        [ShardActivities.Record] = () => new ShardRecordActivity(context),
    };
}
