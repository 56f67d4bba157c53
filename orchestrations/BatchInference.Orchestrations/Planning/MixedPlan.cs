using System.Globalization;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Plans a shard no single provider and tier serves whole — Anthropic <c>/v1/messages</c> lines next to OpenAI lines,
/// or models only different providers offer — as the engine runs it: in real time, each model on its own cheapest
/// real-time route that finishes in time (the engine's <c>LineRouter</c> sends each line the same way). A provider
/// batch takes one provider, model and url, so such a shard never goes to one. With <c>unknown_model: run_unpriced</c>,
/// models the catalog does not know are left out of the estimate (they run unpriced).
/// </summary>
internal static class MixedPlan
{
    /// <returns>The assignment, or null when some model has no real-time route at all.</returns>
    public static (ShardAssignment Assignment, bool Feasible)? Assign(
        ShardWorkload shard, ShardRoutes routes, ShardOptionEvaluator evaluator, TierLoads loads, TierCatalog catalog, JobSettings settings)
    {
        var parts = new List<(ShardWorkload Work, ShardOption Option)>();
        var unpriced = new List<string>();
        foreach (var model in shard.Models)
        {
            var single = shard with { Lines = model.Lines, Models = [model] };
            var options = routes.For(single).Routes.Where(r => r.Tier == Tiers.Realtime).Select(evaluator.Realtime).ToList();
            var best = options.Where(o => o.Feasible).OrderBy(o => o.Cost).ThenBy(o => o.Finish).FirstOrDefault()
                ?? options.OrderBy(o => o.Finish).ThenBy(o => o.Cost).FirstOrDefault();
            if (best is not null)
            {
                parts.Add((single, best));
            }
            else if (settings.UnknownModel == UnknownModelPolicy.RunUnpriced && !catalog.Prices.KnowsModel(model.Model))
            {
                unpriced.Add(model.Model);
            }
            else
            {
                return null;
            }
        }

        if (parts.Count == 0)
        {
            return null; // nothing priced to plan: the engine runs the shard on the default provider, line by line
        }

        foreach (var (work, option) in parts)
        {
            loads.Add(option.Route.Provider.Name, Tiers.Realtime, work);
        }

        var feasible = parts.TrueForAll(p => p.Option.Feasible);
        var cost = parts.Sum(p => p.Option.Cost);
        var finish = parts.Max(p => p.Option.Finish);
        var main = parts.OrderByDescending(p => p.Work.Lines).First().Option.Route.Provider.Name;
        var each = parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Work.Models[0].Model} {p.Work.Models[0].Url} on {p.Option.Route.Provider.Name}"))
            .Concat(unpriced.Select(m => $"{m} unpriced (not in the catalog)"));
        var why = $"no single provider serves every line, so each line runs in real time on its own provider: {string.Join("; ", each)}";
        var assignment = new ShardAssignment(shard.Shard, Tiers.Realtime, main, cost, cost, finish, null, why);
        return (assignment, feasible);
    }
}
