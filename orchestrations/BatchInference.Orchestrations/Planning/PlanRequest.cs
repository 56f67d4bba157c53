using BatchInference.Jobs.Settings;

namespace BatchInference.Orchestrations.Planning;

/// <summary>What the planner plans: a job's shards, its settings, and the time window it has.</summary>
/// <param name="Now">The time the plan starts from (the caller's clock).</param>
/// <param name="Deadline">When every line must be answered.</param>
/// <param name="Settings">The job's settings: tier policy, provider and region allow-lists, budget.</param>
/// <param name="Shards">The shards' workloads, in shard order.</param>
/// <param name="History">Recorded completion times; batch figures learned from enough recent samples replace the
/// catalog's assumptions. Null: the catalog's alone, and the plan says nothing about history.</param>
public sealed record PlanRequest(
    DateTimeOffset Now, DateTimeOffset Deadline, JobSettings Settings, IReadOnlyList<ShardWorkload> Shards, History.CompletionHistory? History = null);
