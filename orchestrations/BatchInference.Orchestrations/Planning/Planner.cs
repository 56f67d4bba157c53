using System.Globalization;
using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Plans a job: every shard goes to the cheapest provider and tier that still meets the deadline — allowed by the tier
/// policy and the allow-lists, serving all the shard's models and endpoints, and whose pessimistic finish plus a
/// real-time fallback reserve is before the deadline. A pure function of the request and the catalog: no I/O, no clock.
/// </summary>
/// <remarks>
/// <para>Shards are planned in order, and each sees the work planned before it: shards on one rate-limited bucket
/// share its limits, and every batch, flex or spot shard books its fallback work on the real-time bucket it would hedge
/// onto, so the reserves of all hedging shards add up instead of each assuming the real-time limits to itself.</para>
/// <para>A shard nothing can run in time goes to the real-time option that finishes first, and the plan is not
/// feasible. Tier policy <c>batch</c>, <c>flex</c> or <c>spot</c> allows that tier and real time (the fallback);
/// <c>realtime</c> allows only real time; <c>auto</c> allows every tier. The budget is not enforced here (the engine's
/// budget guard does that): a plan whose estimate passes it says so in a note.</para>
/// </remarks>
public sealed class Planner
{
    private const int ReasonsShown = 3;

    private const string NothingToRun = "no request lines: its invalid input lines become error records, sent nowhere";

    private readonly PlannerOptions _options;

    /// <summary>Creates a planner.</summary>
    /// <param name="options">How cautious it is; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Planner(PlannerOptions? options = null)
    {
        _options = options ?? new PlannerOptions();
        _options.Validate();
    }

    /// <summary>Plans <paramref name="request"/> on <paramref name="catalog"/>.</summary>
    /// <param name="request">The job's shards, settings, start and deadline.</param>
    /// <param name="catalog">The providers, tiers, prices and limits.</param>
    /// <returns>The plan.</returns>
    public JobPlan Plan(PlanRequest request, TierCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request.Settings);
        ArgumentNullException.ThrowIfNull(request.Shards);
        var loads = new TierLoads();
        var routes = new ShardRoutes(catalog, request.Settings);
        var evaluator = new ShardOptionEvaluator(request, loads, _options, catalog.Prices.FallbackMargin ?? _options.FallbackMargin);
        var notes = new List<string>();
        var shards = new List<ShardAssignment>(request.Shards.Count);
        var feasible = true;
        foreach (var shard in request.Shards)
        {
            if (shard.Lines == 0)
            {
                // The shard of invalid input lines: they become error records and go to no provider.
                shards.Add(new ShardAssignment(shard.Shard, Tiers.Realtime, ShardAssignment.NoProvider, 0, 0, request.Now, null, NothingToRun));
                continue;
            }

            var (assignment, ok) = Assign(shard, routes, evaluator, loads, catalog, request.Settings, notes);
            shards.Add(assignment);
            feasible &= ok;
        }

        var cost = shards.Sum(s => s.EstimatedCost);
        if (request.Shards.All(s => s.Lines == 0))
        {
            notes.Add("The job has no request lines: there is nothing to run.");
        }

        if (request.Settings.BudgetUsd is { } budget && cost > budget)
        {
            notes.Add($"The estimated cost {PlanText.Money(cost, catalog.Currency)} is over the budget of {PlanText.Money(budget, catalog.Currency)}: the budget guard stops sending lines once it is spent.");
        }

        foreach (var (key, basis) in evaluator.CompletionBases)
        {
            notes.Add($"Batch completion on {key}: {basis}.");
        }

        foreach (var (key, basis) in evaluator.ThroughputBases)
        {
            notes.Add($"Throughput of {key}: {basis}.");
        }

        var finish = shards.Count == 0 ? request.Now : shards.Max(s => s.EstimatedFinish);
        return new JobPlan(shards, cost, shards.Sum(s => s.RealtimeCost), finish, feasible, notes)
        {
            Groups = PlanGroup.Of(request.Shards, shards),
        };
    }

    private static (ShardAssignment Assignment, bool Feasible) Assign(
        ShardWorkload shard, ShardRoutes routes, ShardOptionEvaluator evaluator, TierLoads loads, TierCatalog catalog, JobSettings settings, List<string> notes)
    {
        var (candidates, excluded) = routes.For(shard);
        if (candidates.Count == 0 && MixedPlan.Assign(shard, routes, evaluator, loads, catalog, settings) is { } mixed)
        {
            return mixed;
        }

        var realtime = candidates.Where(r => r.Tier == Tiers.Realtime).Select(evaluator.Realtime).ToList();
        var cheapestRealtime = realtime.OrderBy(o => o.Cost).ThenBy(o => o.Finish).FirstOrDefault();
        var options = new List<ShardOption>(realtime);
        foreach (var route in candidates.Where(r => r.Tier != Tiers.Realtime))
        {
            // The engine finishes a hedged shard on its own provider's standard tier when it has one.
            var fallback = realtime.FirstOrDefault(o => o.Route.Provider.Name == route.Provider.Name) ?? cheapestRealtime;
            options.Add(route.Tier == Tiers.Batch ? evaluator.Batch(route, fallback) : evaluator.Throttled(route, fallback));
        }

        // Ties go to the earlier finish, then to the catalog's order of providers and tiers (the sort is stable).
        var chosen = options.Where(o => o.Feasible).OrderBy(o => o.Cost).ThenBy(o => o.Finish).FirstOrDefault();
        var feasible = chosen is not null;
        chosen ??= (realtime.Count > 0 ? realtime : options).OrderBy(o => o.Finish).ThenBy(o => o.Cost).FirstOrDefault();
        if (chosen is null)
        {
            var reason = Unserved(shard, catalog, excluded);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Shard {shard.Shard}: {reason}"));
            return (new ShardAssignment(shard.Shard, Tiers.Realtime, ShardAssignment.NoProvider, 0, 0, DateTimeOffset.MaxValue, null, reason), false);
        }

        Book(chosen, shard, loads);
        if (!feasible)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Shard {shard.Shard} cannot meet the deadline: the earliest option, {chosen.Route.Name}, finishes at {PlanText.Time(chosen.Finish)}."));
        }

        var rejected = options.Where(o => !o.Feasible && o.Cost < chosen.Cost).OrderBy(o => o.Cost).Select(o => o.Why).Concat(excluded).Take(ReasonsShown).ToList();
        var why = (feasible ? chosen.Why : "nothing meets the deadline; " + chosen.Why) + (rejected.Count > 0 ? ". Ruled out: " + string.Join("; ", rejected) : string.Empty);
        var assignment = new ShardAssignment(
            shard.Shard, chosen.Route.Tier, chosen.Route.Provider.Name, chosen.Cost, cheapestRealtime?.Cost ?? chosen.Cost, chosen.Finish, chosen.LastSafeMoment, why);
        return (assignment, feasible);
    }

    // Books the shard on the buckets it uses: its own tier's, and the real-time bucket it would hedge onto.
    private static void Book(ShardOption chosen, ShardWorkload shard, TierLoads loads)
    {
        if (chosen.Route.Tier != Tiers.Batch)
        {
            loads.Add(chosen.Route.Provider.Name, chosen.Route.Tier, shard);
        }

        if (chosen.Fallback is { } fallback)
        {
            loads.Add(fallback.Route.Provider.Name, Tiers.Realtime, shard);
        }
    }

    private static string Unserved(ShardWorkload shard, TierCatalog catalog, List<string> excluded)
    {
        var unknown = shard.Models.Select(m => m.Model).Distinct(StringComparer.Ordinal).Where(m => !catalog.Prices.KnowsModel(m)).ToList();
        if (unknown.Count > 0)
        {
            return $"no provider in the catalog offers {string.Join(", ", unknown)}";
        }

        var pairs = string.Join(", ", shard.Models.Select(m => $"{m.Model} {m.Url}"));
        return excluded.Count > 0
            ? $"no allowed provider can run {pairs}: {string.Join("; ", excluded)}"
            : $"no provider allowed by tier_policy, allowed_providers and allowed_regions serves {pairs} on one tier";
    }
}
