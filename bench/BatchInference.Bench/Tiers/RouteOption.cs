namespace BatchInference.Bench.Tiers;

/// <summary>One way to run a shard, as <see cref="CheapestFeasiblePlan"/> judges it.</summary>
/// <param name="Provider">Catalog provider.</param>
/// <param name="Tier">Its tier.</param>
/// <param name="Cost">The shard's lines at this tier's prices, with their actual tokens.</param>
/// <param name="Finish">Pessimistic time to finish from the job's start: a batch's p95, a rate-limited tier's throughput.</param>
/// <param name="Reserve">The real-time fallback reserve that must fit after <paramref name="Finish"/>; null for real time.</param>
/// <param name="Feasible">Whether finish plus reserve fits before the deadline.</param>
internal sealed record RouteOption(string Provider, string Tier, decimal Cost, TimeSpan Finish, TimeSpan? Reserve, bool Feasible)
{
    public string Name => $"{Provider}/{Tier}";
}
