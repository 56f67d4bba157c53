using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.History;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Evaluates one way to run a shard against the deadline. Real time finishes when its bucket's planned work (this
/// shard's included) has gone through the rate limits. A batch finishes at its 95th-percentile completion time; flex and
/// spot at their own throughput. Those three also need a real-time fallback reserve before the deadline: the time the
/// fallback bucket needs for its planned work plus this shard, times the safety factor, plus the fixed margin.
/// A batch's p95 is learned from the request's history when enough recent samples exist, else the catalog's;
/// <see cref="CompletionBases"/> says which, per provider, model and size bucket. Likewise a throughput tier runs at
/// the rate its recent runs reached when the history has enough of them (never faster than the catalog's rate limits,
/// which the engine keeps to); <see cref="ThroughputBases"/> lists the learned rates.
/// </summary>
internal sealed class ShardOptionEvaluator(PlanRequest request, TierLoads loads, PlannerOptions options, TimeSpan margin)
{
    /// <summary>Ends a throughput note whose learned rate no estimate used: it was faster than the rate limits.</summary>
    internal const string LimitsBind = "faster than the rate limits, which bind";

    private readonly Dictionary<(string Provider, string Tier, string Model), (LearnedFigures Figures, string Key)> _rates = [];

    // Each learned bucket's note, and whether some estimate ran at its rate (else the rate limits bound every time).
    private readonly SortedDictionary<string, (string Text, bool Used)> _learned = new(StringComparer.Ordinal);

    public ShardOption Realtime(PlanRoute route)
    {
        var (duration, basis) = Duration(route);
        var finish = request.Now + duration;
        var feasible = finish <= request.Deadline;
        var why = feasible
            ? $"{route.Name} finishes by {PlanText.Time(finish)} {basis}"
            : $"{route.Name} would finish at {PlanText.Time(finish)} {basis}, after the deadline";
        return new ShardOption(route, route.Cost(), finish, null, null, feasible, why);
    }

    /// <summary>Where each batch completion figure the plan used came from, by provider, model and size bucket.</summary>
    public SortedDictionary<string, string> CompletionBases { get; } = new(StringComparer.Ordinal);

    /// <summary>The learned rates the plan met, by tier, provider, model and size bucket, each saying if the limits bound instead.</summary>
    public IEnumerable<(string Key, string Basis)> ThroughputBases =>
        _learned.Select(l => (l.Key, l.Value.Used ? l.Value.Text : $"{l.Value.Text}; {LimitsBind}"));

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
        var (duration, basis) = Duration(route);
        var finish = request.Now + duration;
        if (fallback is not null)
        {
            return Hedged(route, finish, $"finish {PlanText.Time(finish)} {basis}", fallback);
        }

        var feasible = finish <= request.Deadline;
        var why = feasible
            ? $"{route.Name} finishes by {PlanText.Time(finish)} {basis} (no real-time fallback)"
            : $"{route.Name} would finish at {PlanText.Time(finish)} {basis}, after the deadline";
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
        CompletionBases[$"{route.Provider.Name} {model} ({CompletionKey.BucketOf(lines)} lines)"] =
            $"p50 {PlanText.Duration(p50)}, p95 {PlanText.Duration(p95)}, {figures.Basis}";
        return (p95, learned ? $" ({figures.Basis})" : " (catalog assumption)");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // The route's slowest model: each model's bucket works through what is planned on it already plus this shard, at
    // its rate limits, or at its learned rate when the history has one and it is slower. The engine keeps to the limits,
    // so a learned rate above them (a short job riding a full token bucket, or limits lowered since) does not count.
    // Without limits, the learned rate replaces the assumed requests per minute.
    private (TimeSpan Duration, string Basis) Duration(PlanRoute route) => route.Offers
        .Select(o =>
        {
            var work = loads.Get(route.Provider.Name, route.Tier, o.Work.Model) + TierWork.Of(o.Work);
            var limited = Throughput.Duration(work, o.Offer.Limits, options.AssumedRequestsPerMinute);
            var unlearned = o.Offer.Limits.HasRateLimits ? "at its rate limits" : $"at an assumed {options.AssumedRequestsPerMinute} requests/min";
            if (LearnedRate(route, o.Work.Model) is not { } rate)
            {
                return (limited, unlearned);
            }

            var (figures, key) = rate;
            var learned = Throughput.AtRate(work.Lines, figures.LinesPerSecondP05);
            if (learned < limited && o.Offer.Limits.HasRateLimits)
            {
                return (limited, unlearned);
            }

            _learned[key] = _learned[key] with { Used = true };
            return (learned, $"at {PlanText.Rate(figures.LinesPerSecondP05)} ({figures.Basis})");
        })
        .MaxBy(d => d.Item1);

    // The learned rate of a model's bucket and its note's key, sized by all of the job's lines of that model (a
    // throughput sample is one job's lines of one model on one tier); null while its history is too short.
    private (LearnedFigures Figures, string Key)? LearnedRate(PlanRoute route, string model)
    {
        if (request.History is not { } history)
        {
            return null;
        }

        var bucket = (route.Provider.Name, route.Tier, model);
        if (!_rates.TryGetValue(bucket, out var rate))
        {
            var lines = request.Shards.Sum(s => s.Models.Where(m => m.Model == model).Sum(m => m.Lines));
            var figures = history.For(route.Provider.Name, model, route.Tier, lines);
            rate = (figures, $"{route.Tier} on {route.Provider.Name} {model} ({CompletionKey.BucketOf(lines)} lines)");
            _rates[bucket] = rate;
            if (Usable(figures))
            {
                _learned[rate.Key] = (
                    $"median {PlanText.Rate(figures.LinesPerSecondP50)}, 5th percentile {PlanText.Rate(figures.LinesPerSecondP05)}, {figures.Basis}", false);
            }
        }

        return Usable(rate.Figures) ? rate : null;
    }

    private static bool Usable(LearnedFigures figures) => figures.Learned && figures.LinesPerSecondP05 > 0;
}
