using BatchInference.Ledger.Pricing;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Evaluates one way to run a shard against the deadline. Real time finishes when its bucket's planned work (this
/// shard's included) has gone through the rate limits. A batch finishes at its 95th-percentile completion time; flex and
/// spot at their own throughput. Those three also need a real-time fallback reserve before the deadline: the time the
/// fallback bucket needs for its planned work plus this shard, times the safety factor, plus the fixed margin.
/// A batch's p95 is learned from the request's history when enough recent samples exist, else the catalog's;
/// <see cref="CompletionBases"/> says which, per provider, model and size bucket.
/// </summary>
internal sealed class ShardOptionEvaluator(PlanRequest request, TierLoads loads, PlannerOptions options, TimeSpan margin)
{
    public ShardOption Realtime(PlanRoute route)
    {
        var finish = request.Now + Duration(route);
        var feasible = finish <= request.Deadline;
        var why = feasible
            ? $"{route.Name} finishes by {PlanText.Time(finish)} at its rate limits"
            : $"{route.Name} would finish at {PlanText.Time(finish)}, after the deadline";
        return new ShardOption(route, route.Cost(), finish, null, null, feasible, why);
    }

    /// <summary>Where each batch completion figure the plan used came from, by provider, model and size bucket.</summary>
    public SortedDictionary<string, string> CompletionBases { get; } = new(StringComparer.Ordinal);

    public ShardOption Batch(PlanRoute route, ShardOption? fallback)
    {
        var completion = route.Offers[0].Offer.Completion ?? CompletionTimes.Window24Hours;
        var (p95, basis) = BatchP95(route, completion);
        var finish = request.Now + p95;
        if (fallback is not null)
        {
            return Hedged(route, finish, $"p95 finish {PlanText.Time(finish)}{basis}", fallback);
        }

        // Nothing to hedge onto: only a batch whose whole completion window ends in time is safe.
        var feasible = request.Now + completion.Max <= request.Deadline;
        var why = feasible
            ? $"{route.Name}: its whole {PlanText.Duration(completion.Max)} window ends before the deadline (no real-time fallback)"
            : $"{route.Name}: no real-time fallback, and its {PlanText.Duration(completion.Max)} window ends after the deadline";
        return new ShardOption(route, route.Cost(), finish, null, null, feasible, why);
    }

    public ShardOption Throttled(PlanRoute route, ShardOption? fallback)
    {
        var finish = request.Now + Duration(route);
        if (fallback is not null)
        {
            return Hedged(route, finish, $"finish {PlanText.Time(finish)}", fallback);
        }

        var feasible = finish <= request.Deadline;
        var why = feasible
            ? $"{route.Name} finishes by {PlanText.Time(finish)} (no real-time fallback)"
            : $"{route.Name} would finish at {PlanText.Time(finish)}, after the deadline";
        return new ShardOption(route, route.Cost(), finish, null, null, feasible, why);
    }

    private ShardOption Hedged(PlanRoute route, DateTimeOffset finish, string finishText, ShardOption fallback)
    {
        var reserve = Throughput.Scale(fallback.Finish - request.Now, options.SafetyFactor) + margin;
        var lastSafeMoment = request.Deadline - reserve;
        var feasible = finish <= lastSafeMoment;
        var why = feasible
            ? $"{route.Name}: {finishText} is before the last safe moment {PlanText.Time(lastSafeMoment)} (the deadline minus a {PlanText.Duration(reserve)} real-time reserve on {fallback.Route.Provider.Name})"
            : $"{route.Name}: {finishText} plus a {PlanText.Duration(reserve)} real-time reserve ends after the deadline";
        return new ShardOption(route, route.Cost(), finish, lastSafeMoment, fallback, feasible, why);
    }

    // The learned p95 once the key has enough recent samples (never past the catalog's whole window), else the catalog's.
    private (TimeSpan P95, string Basis) BatchP95(PlanRoute route, CompletionTimes completion)
    {
        if (request.History is not { } history)
        {
            return (completion.P95, string.Empty);
        }

        var model = route.Offers[0].Work.Model;
        var lines = route.Offers.Sum(o => o.Work.Lines);
        var figures = history.For(route.Provider.Name, model, route.Tier, lines);
        var learned = figures.Learned;
        var (p50, p95) = learned ? (Min(figures.P50, completion.Max), Min(figures.P95, completion.Max)) : (completion.P50, completion.P95);
        CompletionBases[$"{route.Provider.Name} {model} ({History.CompletionKey.BucketOf(lines)} lines)"] =
            $"p50 {PlanText.Duration(p50)}, p95 {PlanText.Duration(p95)}, {figures.Basis}";
        return (p95, learned ? $" ({figures.Basis})" : " (catalog assumption)");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // The route's slowest model: each model's bucket works through what is planned on it already plus this shard.
    private TimeSpan Duration(PlanRoute route) => route.Offers.Max(o => Throughput.Duration(
        loads.Get(route.Provider.Name, route.Tier, o.Work.Model) + TierWork.Of(o.Work), o.Offer.Limits, options.AssumedRequestsPerMinute));
}
