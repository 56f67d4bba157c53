using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Routing;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Steps;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>
/// TESTS ONLY: a minimal <see cref="EngineOrchestrations.Shard"/> orchestration that runs the whole shard through
/// today's real-time code path (<see cref="ShardRun"/>) in one activity, so the job orchestration is proven end to end
/// with real output while the real shard orchestration is written elsewhere.
/// </summary>
internal sealed class RealtimeShardOrchestrator : TaskOrchestrator<ShardOrchestrationInput, ShardOrchestrationResult>
{
    public const string Activity = "TestRunShardRealtime";

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(200)));

    public override Task<ShardOrchestrationResult> RunAsync(TaskOrchestrationContext context, ShardOrchestrationInput input) =>
        context.CallActivityAsync<ShardOrchestrationResult>(Activity, input, Retry);
}

/// <summary>Runs one shard in real time under its lease, as <c>RunShardStep</c> does, without sending messages.</summary>
/// <param name="engine">The worker's engine.</param>
/// <param name="refuse">Shards this activity fails on every attempt (a shard that cannot run), if any.</param>
internal sealed class RealtimeShardActivity(JobEngine engine, Func<int, bool>? refuse) : TaskActivity<ShardOrchestrationInput, ShardOrchestrationResult>
{
    public override async Task<ShardOrchestrationResult> RunAsync(TaskActivityContext context, ShardOrchestrationInput input)
    {
        if (refuse?.Invoke(input.Shard) == true)
        {
            throw new InvalidOperationException($"shard {input.Shard} refused by the test");
        }

        var engineContext = engine.Context;
        var job = (await engineContext.Jobs.ReadAsync(StorageLayout.JobState(input.JobId), CancellationToken.None))!.Value;
        var name = StorageLayout.ShardState(input.JobId, input.Shard);
        var shard = (await engineContext.Shards.ReadAsync(name, CancellationToken.None))!.Value;
        if (shard.IsFinished)
        {
            return new ShardOrchestrationResult(input.Shard, shard.Status == ShardStatus.Stopped, null);
        }

        var lease = await engineContext.TryLeaseAsync(name, CancellationToken.None)
            ?? throw new InvalidOperationException($"shard {input.Shard} is leased by another worker");
        await using (lease)
        {
            var now = engineContext.Now;
            var running = (await engineContext.Shards.UpdateAsync(
                name, s => s with { Status = ShardStatus.Running, Runs = s.Runs + 1, StartedAt = s.StartedAt ?? now, UpdatedAt = now }, lease.LeaseId, lease.Lost))!.Value;
            var router = ShardRoutes.For(engineContext, running, afterBatch: false);
            var lines = new LineRouter(engineContext, router, job.AllowedProviders, job.RunUnpriced);
            var stopped = await new ShardRun(engineContext, job, running, lines).RunAsync(lease.Lost) == ShardRunEnd.Stopped; // no slice limits: it runs to the end
            await engineContext.Shards.UpdateAsync(
                name, s => s with { Status = stopped ? ShardStatus.Stopped : ShardStatus.Done, FinishedAt = engineContext.Now, UpdatedAt = engineContext.Now },
                lease.LeaseId, lease.Lost);
            return new ShardOrchestrationResult(input.Shard, stopped, stopped ? "the job is stopping" : null);
        }
    }
}
