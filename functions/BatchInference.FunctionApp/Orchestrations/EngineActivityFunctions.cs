using System.Text.Json;
using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;

namespace BatchInference.FunctionApp.Orchestrations;

/// <summary>
/// The engine's activities as Durable Functions: each function is named after its activity (<see cref="JobActivities"/>,
/// <see cref="ShardActivities"/>) and runs the same activity class the local worker runs
/// (<see cref="EngineDurableTasks.Activities"/>). The trigger hands the input as JSON; the activity reads it with the
/// worker's own <see cref="DataConverter"/>, as the local worker's shim does, into the type the activity declares.
/// </summary>
internal sealed class EngineActivityFunctions(JobEngines engines, IOptions<DurableTaskWorkerOptions> worker)
{
    /// <summary><see cref="JobActivities.Prepare"/>.</summary>
    [Function(JobActivities.Prepare)]
    public Task<object?> PrepareJobAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(JobActivities.Prepare, input, instanceId);

    /// <summary><see cref="JobActivities.Finish"/>.</summary>
    [Function(JobActivities.Finish)]
    public Task<object?> FinishJobAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(JobActivities.Finish, input, instanceId);

    /// <summary><see cref="JobActivities.CleanUp"/>.</summary>
    [Function(JobActivities.CleanUp)]
    public Task<object?> CleanUpJobWorkAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(JobActivities.CleanUp, input, instanceId);

    /// <summary><see cref="JobActivities.RecordCancel"/>.</summary>
    [Function(JobActivities.RecordCancel)]
    public Task<object?> RecordJobCancelAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(JobActivities.RecordCancel, input, instanceId);

    /// <summary><see cref="JobActivities.Fail"/>.</summary>
    [Function(JobActivities.Fail)]
    public Task<object?> FailJobAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(JobActivities.Fail, input, instanceId);

    /// <summary><see cref="JobActivities.PublishFailedSummary"/>.</summary>
    [Function(JobActivities.PublishFailedSummary)]
    public Task<object?> PublishFailedJobSummaryAsync([ActivityTrigger] JsonElement input, string instanceId) =>
        RunAsync(JobActivities.PublishFailedSummary, input, instanceId);

    /// <summary><see cref="JobActivities.StartNotifications"/>.</summary>
    [Function(JobActivities.StartNotifications)]
    public Task<object?> StartJobNotificationsAsync([ActivityTrigger] JsonElement input, string instanceId) =>
        RunAsync(JobActivities.StartNotifications, input, instanceId);

    /// <summary><see cref="JobActivities.SendNotification"/>.</summary>
    [Function(JobActivities.SendNotification)]
    public Task<object?> SendJobNotificationAsync([ActivityTrigger] JsonElement input, string instanceId) =>
        RunAsync(JobActivities.SendNotification, input, instanceId);

    /// <summary><see cref="ShardActivities.Slice"/>.</summary>
    [Function(ShardActivities.Slice)]
    public Task<object?> ShardSliceAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(ShardActivities.Slice, input, instanceId);

    /// <summary><see cref="ShardActivities.SubmitBatch"/>.</summary>
    [Function(ShardActivities.SubmitBatch)]
    public Task<object?> ShardSubmitBatchAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(ShardActivities.SubmitBatch, input, instanceId);

    /// <summary><see cref="ShardActivities.CheckBatch"/>.</summary>
    [Function(ShardActivities.CheckBatch)]
    public Task<object?> ShardCheckBatchAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(ShardActivities.CheckBatch, input, instanceId);

    /// <summary><see cref="ShardActivities.Record"/>.</summary>
    [Function(ShardActivities.Record)]
    public Task<object?> ShardRecordAsync([ActivityTrigger] JsonElement input, string instanceId) => RunAsync(ShardActivities.Record, input, instanceId);

    private Task<object?> RunAsync(string name, JsonElement input, string instanceId)
    {
        var activity = engines.Activities[name]();
        var typed = worker.Value.DataConverter.Deserialize(input.GetRawText(), activity.InputType);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), typed);
    }
}
