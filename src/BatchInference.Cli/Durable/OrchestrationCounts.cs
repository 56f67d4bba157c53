using System.Globalization;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using Microsoft.DurableTask.Client;

namespace BatchInference.Cli.Durable;

/// <summary>What one job took on Durable Task: its orchestration instances as the task hub lists them, and the
/// activities and episodes the worker that ran it counted.</summary>
/// <param name="TaskHub">The task hub's name.</param>
/// <param name="JobOrchestrations">Instances of <see cref="EngineOrchestrations.Job"/> with the job's id.</param>
/// <param name="ShardOrchestrations">Instances of <see cref="EngineOrchestrations.Shard"/> under the job's id.</param>
/// <param name="Activities">Activity executions.</param>
/// <param name="Episodes">Orchestration episodes.</param>
internal sealed record OrchestrationCounts(string TaskHub, int JobOrchestrations, int ShardOrchestrations, long Activities, long Episodes)
{
    /// <summary>Reads the job's instances from the task hub; the activity and episode counts come from the worker's
    /// <paramref name="stats"/>, which ran this job alone.</summary>
    public static async Task<OrchestrationCounts> ReadAsync(DurableTaskClient taskHub, string jobId, DurableWorkerStats stats, CancellationToken cancellationToken)
    {
        int jobs = 0, shards = 0;
        var query = new OrchestrationQuery { InstanceIdPrefix = EngineOrchestrations.JobInstanceId(jobId) };
        await foreach (var instance in taskHub.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            jobs += instance.Name == EngineOrchestrations.Job ? 1 : 0;
            shards += instance.Name == EngineOrchestrations.Shard ? 1 : 0;
        }

        return new OrchestrationCounts(taskHub.Name, jobs, shards, stats.ActivitiesStarted, stats.Episodes);
    }

    /// <summary>The demo's line, e.g. "Ran on Durable Task orchestrations (task hub birun…): 1 job orchestration, 5 shard
    /// orchestrations, 23 activities, 41 orchestration episodes".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Ran on Durable Task orchestrations (task hub {TaskHub}): {JobOrchestrations} job orchestration{(JobOrchestrations == 1 ? string.Empty : "s")}, " +
        $"{ShardOrchestrations} shard orchestrations, {Activities} activities, {Episodes} orchestration episodes");
}
