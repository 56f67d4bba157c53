namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// The shards of one endpoint and model in a plan: the split makes every shard hold one group, and the planner may put
/// a group's shards on different tiers when the deadline requires it.
/// </summary>
/// <param name="Model">The model; null for the group of invalid input lines.</param>
/// <param name="Url">The endpoint; null for the group of invalid input lines.</param>
/// <param name="Lines">Request lines of the group.</param>
/// <param name="Shards">The group's shard indexes, ascending.</param>
/// <param name="Routes">How many of its shards go to each provider and tier, e.g. <c>openai/batch</c> → 3.</param>
public sealed record PlanGroup(string? Model, string? Url, long Lines, IReadOnlyList<int> Shards, IReadOnlyDictionary<string, int> Routes)
{
    /// <summary>The groups of <paramref name="shards"/>, in order of their first shard.</summary>
    /// <param name="workloads">The shards' workloads.</param>
    /// <param name="shards">Their assignments.</param>
    /// <returns>One group per endpoint and model; a shard of several (possible only in a hand-made request) is its own group.</returns>
    public static IReadOnlyList<PlanGroup> Of(IReadOnlyList<ShardWorkload> workloads, IReadOnlyList<ShardAssignment> shards)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(shards);
        var assignments = shards.ToDictionary(s => s.Shard);
        return [.. workloads
            .GroupBy(Key)
            .Select(g => new PlanGroup(
                g.Key.Model,
                g.Key.Url,
                g.Sum(w => w.Lines),
                [.. g.Select(w => w.Shard).Order()],
                g.Where(w => assignments.ContainsKey(w.Shard))
                    .GroupBy(w => $"{assignments[w.Shard].Provider}/{assignments[w.Shard].Tier}")
                    .OrderBy(r => r.Key, StringComparer.Ordinal)
                    .ToDictionary(r => r.Key, r => r.Count(), StringComparer.Ordinal)))
            .OrderBy(g => g.Shards[0])];
    }

    private static (string? Model, string? Url) Key(ShardWorkload workload) => workload.Models.Count switch
    {
        0 => (null, null),
        1 => (workload.Models[0].Model, workload.Models[0].Url),
        _ => (string.Join(" + ", workload.Models.Select(m => m.Model)), string.Join(" + ", workload.Models.Select(m => m.Url))),
    };
}
