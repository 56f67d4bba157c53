using BatchInference.Ledger.Pricing;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Evaluates one way to run a shard against the deadline. Real time finishes when its bucket's planned work (this
/// shard's included) has gone through the rate limits. A batch finishes at its 95th-percentile completion time; flex and
/// spot at their own throughput. Those three also need a real-time fallback reserve before the deadline: the time the
/// fallback bucket needs for its planned work plus this shard, times the safety factor, plus the fixed margin.
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

    public ShardOption Batch(PlanRoute route, ShardOption? fallback)
    {
        var completion = route.Offers[0].Offer.Completion ?? CompletionTimes.Window24Hours;
        var finish = request.Now + completion.P95;
        if (fallback is not null)
        {
            return Hedged(route, finish, $"p95 finish {PlanText.Time(finish)}", fallback);
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

    // The route's slowest model: each model's bucket works through what is planned on it already plus this shard.
    private TimeSpan Duration(PlanRoute route) => route.Offers.Max(o => Throughput.Duration(
        loads.Get(route.Provider.Name, route.Tier, o.Work.Model) + TierWork.Of(o.Work), o.Offer.Limits, options.AssumedRequestsPerMinute));
}
