using BatchInference.Orchestrations.Planning;

namespace BatchInference.Cli.Views;

/// <summary>Everything <c>bi plan</c> shows: the plan and what it was made from.</summary>
/// <param name="Input">The planned file.</param>
/// <param name="CatalogVersion">The catalog's version.</param>
/// <param name="Currency">The catalog's currency.</param>
/// <param name="Request">What was planned: start, deadline, settings, shard workloads.</param>
/// <param name="Plan">The plan.</param>
/// <param name="InvalidLines">Input lines that cannot run (they become error records, at no cost).</param>
/// <param name="CompletionTimes">Where batch completion times come from: learned history or catalog assumptions.</param>
internal sealed record PlanReport(
    string Input, string CatalogVersion, string Currency, PlanRequest Request, JobPlan Plan, long InvalidLines, string CompletionTimes = "catalog assumptions")
{
    /// <summary>Request lines over all shards.</summary>
    public long Lines => Request.Shards.Sum(s => s.Lines);

    /// <summary>The workload of shard <paramref name="index"/>.</summary>
    public ShardWorkload? Workload(int index) => Request.Shards.FirstOrDefault(s => s.Shard == index);
}
