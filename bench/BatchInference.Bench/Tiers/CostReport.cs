using System.Globalization;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;

namespace BatchInference.Bench.Tiers;

/// <summary>Prints a <c>tiers-cost</c> run: per block of input what the engine paid next to the cheapest feasible option, then the ratios.</summary>
internal static class CostReport
{
    public static void Print(
        int lines, int shardLines, string window, PriceCatalog catalog, CheapestFeasiblePlan plan, BenchJobResult job,
        IReadOnlyList<ShardCost> shards, IReadOnlyList<LedgerEntry> ledger, CostFigures figures, string engineShards)
    {
        var output = Console.Out;
        var summary = job.Summary;
        output.WriteLine();
        output.WriteLine(Line(
            $"tiers-cost: {lines:N0} lines in {shards.Count} input blocks of {shardLines:N0}, completion_window {window} ({plan.Available.TotalSeconds:F1} s from submission to deadline), catalog {catalog.Version}"));
        output.WriteLine(Line(
            $"job {summary.Status}: {summary.Counts.Succeeded:N0}/{summary.Counts.Total:N0} lines succeeded, {job.Wall.TotalSeconds:F1} s from submit to summary; ",
            $"deadline met: {(summary.DeadlineMet == true ? "yes" : "NO")} (finished {Slack(summary.Deadline - summary.FinishedAt)} before it)"));
        output.WriteLine(Line($"  engine shards (one endpoint and model each, up to {shardLines:N0} lines) by planned tier: {engineShards}"));
        output.WriteLine(Line($"  {"block",-6}{"models",-28}{"engine paid for (ledger)",-40}{"cheapest as one shard",-22}{"engine $",12}{"cheapest $",12}"));
        foreach (var shard in shards)
        {
            output.WriteLine(Line(
                $"  {shard.Shard,-6}{shard.Models,-28}{shard.EngineMix,-40}{Route(shard.Cheapest),-22}{shard.EngineCost,12:F6}{shard.Cheapest?.Cost ?? 0m,12:F6}"));
        }

        foreach (var shard in shards.Where(s => s.RuledOut.Count > 0))
        {
            output.WriteLine(Line($"  block {shard.Shard}: ruled out {string.Join("; ", shard.RuledOut.Select(o => Why(o, plan.Available)))}"));
        }

        output.WriteLine(Line($"  tier mix (ledger): {TierMix(ledger)}"));
        output.WriteLine(Line(
            $"  paid attempts in the ledger: {figures.LedgerLines:N0}; billable calls the emulators logged: {figures.BillableCalls:N0}; lines answered: {figures.AnsweredLines:N0}/{lines:N0}"));
        output.WriteLine(Line(
            $"  job cost (ledger) ${figures.JobCost:F6} (summary: ${summary.Cost.EffectiveUsd:F6}); cheapest feasible ${figures.CheapestFeasible:F6}; all real time ${figures.AllRealtime:F6} (summary's list: ${summary.Cost.ListUsd:F6})"));
        output.WriteLine(Line(
            $"  job cost ÷ cheapest feasible cost of the input blocks as shards: {figures.VersusCheapest:F4}"));
        output.WriteLine(Line($"  job cost ÷ all-real-time cost: {figures.VersusAllRealtime:F4}"));
        output.WriteLine(Line(
            $"  job cost ÷ per-line bound (every line alone on its cheapest feasible tier, shard boundaries ignored): {figures.VersusPerLineBound:F4} (goal ≤ {CostFigures.Goal}) — {(figures.VersusPerLineBound <= CostFigures.Goal ? "met" : "NOT met")}"));
        output.WriteLine(Line(
            $"  ledger = billable: {(figures.LedgerLines == figures.BillableCalls ? "yes" : "NO")} ({figures.LedgerLines:N0} = {figures.BillableCalls:N0})"));
        var reserves = shards.Select(s => s.Cheapest).Where(c => c?.Reserve is not null).ToList();
        if (reserves.Count > 0)
        {
            var tightest = reserves.MinBy(c => plan.Available - c!.Finish - c.Reserve!.Value)!;
            output.WriteLine(Line(
                $"  tightest hedged choice: {tightest.Name} needs {tightest.Finish.TotalSeconds:F1} s + a {tightest.Reserve!.Value.TotalSeconds:F1} s real-time reserve of the {plan.Available.TotalSeconds:F1} s"));
        }
    }

    private static string TierMix(IReadOnlyList<LedgerEntry> ledger) => string.Join(", ", ledger
        .GroupBy(e => $"{e.Provider}/{e.Tier}")
        .OrderByDescending(g => g.Count())
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count():N0} lines ${g.Sum(e => e.EffectiveCost):F6}")));

    private static string Why(RouteOption option, TimeSpan available) => string.Create(
        CultureInfo.InvariantCulture,
        $"{option.Name} (${option.Cost:F6}): {option.Finish.TotalSeconds:F1} s" +
        $"{(option.Reserve is { } reserve ? $" + {reserve.TotalSeconds:F1} s real-time reserve" : string.Empty)} > {available.TotalSeconds:F1} s");

    private static string Route(RouteOption? option) =>
        option is null ? "none" : option.Feasible ? option.Name : option.Name + " (late)";

    private static string Slack(TimeSpan? slack) =>
        slack is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:F1} s") : "?";

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Line(FormattableString first, FormattableString second) => Line(first) + Line(second);
}
