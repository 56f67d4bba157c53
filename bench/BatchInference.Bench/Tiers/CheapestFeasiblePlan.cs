using BatchInference.Ledger.Pricing;
using Tier = BatchInference.Orchestrations.State.Tiers;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// The cheapest way to run a job that still meets its deadline, worked out here from the catalog and the tokens each
/// line really took — on purpose not with the engine's planner, so the two can disagree. Rules, per shard:
/// <list type="bullet">
/// <item>A shard runs on one provider and tier, which must price every model of the shard and speak its endpoints
/// (Anthropic: <c>/v1/messages</c>; the OpenAI family: chat completions, responses, embeddings; flex: chat and
/// responses only). A batch also takes one model and one endpoint only, and at most the tier's batch line limit.</item>
/// <item>Real time, flex and spot take as long as the shard's requests and tokens (prompt + <c>max_tokens</c>) need at
/// the tier's per-minute limits; a batch takes its p95 completion time.</item>
/// <item>Batch, flex and spot must also leave a real-time reserve before the deadline: the shard's own real-time time
/// (same provider when it has real time, else the cheapest real time) times the safety factor, plus the catalog's
/// fallback margin. Without any real-time fallback a batch must fit its whole window.</item>
/// <item>The cheapest feasible option wins; when none is feasible, the real-time option that finishes first.</item>
/// </list>
/// </summary>
internal sealed class CheapestFeasiblePlan(PriceCatalog catalog, TimeSpan available, double safetyFactor, TimeSpan margin, long assumedRequestsPerMinute)
{
    private static readonly string[] KnownTiers = [Tier.Realtime, Tier.Batch, Tier.Flex, Tier.Spot];

    public TimeSpan Available => available;

    /// <summary>The cheapest feasible option for a shard of <paramref name="lines"/>; null when no provider serves it at all.</summary>
    public RouteOption? Cheapest(IReadOnlyList<LineUsage> lines)
    {
        var options = Options(lines);
        return options.Where(o => o.Feasible).OrderBy(o => o.Cost).ThenBy(o => o.Finish).FirstOrDefault()
            ?? options.Where(o => o.Tier == Tier.Realtime).OrderBy(o => o.Finish).ThenBy(o => o.Cost).FirstOrDefault();
    }

    /// <summary>What running every line on the cheapest real-time offer of its model costs.</summary>
    public decimal AllRealtimeCost(IEnumerable<LineUsage> lines)
    {
        var total = 0m;
        foreach (var line in lines)
        {
            decimal? cheapest = null;
            foreach (var provider in catalog.Providers)
            {
                if (TryPrice(provider, Tier.Realtime, [line], out var cost) && (cheapest is null || cost < cheapest))
                {
                    cheapest = cost;
                }
            }

            total += cheapest ?? 0m;
        }

        return total;
    }

    /// <summary>Every provider and tier that can serve the shard, judged against the deadline.</summary>
    public IReadOnlyList<RouteOption> Options(IReadOnlyList<LineUsage> lines)
    {
        var realtime = new List<RouteOption>();
        foreach (var provider in catalog.Providers.Where(p => p.Tiers.Contains(Tier.Realtime)))
        {
            if (TryPrice(provider, Tier.Realtime, lines, out var cost))
            {
                var finish = RateDuration(provider, Tier.Realtime, lines);
                realtime.Add(new RouteOption(provider.Name, Tier.Realtime, cost, finish, null, finish <= available));
            }
        }

        var options = new List<RouteOption>(realtime);
        foreach (var provider in catalog.Providers)
        {
            foreach (var tier in provider.Tiers.Where(t => t != Tier.Realtime && KnownTiers.Contains(t)))
            {
                if (!TryPrice(provider, tier, lines, out var cost) || (tier == Tier.Batch && !FitsOneBatch(provider, lines)))
                {
                    continue;
                }

                var completion = tier == Tier.Batch ? Completion(provider, lines[0].Line.Model) : null;
                var finish = completion?.P95 ?? RateDuration(provider, tier, lines);
                var fallback = realtime.FirstOrDefault(o => o.Provider == provider.Name) ?? realtime.OrderBy(o => o.Cost).FirstOrDefault();
                if (fallback is null)
                {
                    options.Add(new RouteOption(provider.Name, tier, cost, finish, null, (completion?.Max ?? finish) <= available));
                    continue;
                }

                var reserve = (fallback.Finish * safetyFactor) + margin;
                options.Add(new RouteOption(provider.Name, tier, cost, finish, reserve, finish + reserve <= available));
            }
        }

        return options;
    }

    private bool TryPrice(ProviderInfo provider, string tier, IReadOnlyList<LineUsage> lines, out decimal cost)
    {
        cost = 0m;
        foreach (var line in lines)
        {
            if (!Speaks(provider.Kind, tier, line.Line.Url) || !catalog.TryGetOffer(provider.Name, line.Line.Model, tier, out var offer))
            {
                return false;
            }

            cost += CostCalculator.Cost(offer.Price, line.Tokens);
        }

        return lines.Count > 0;
    }

    private static bool Speaks(ProviderKind kind, string tier, string url) => kind switch
    {
        ProviderKind.Anthropic => url == BenchRequestLine.Messages,
        _ when tier == Tier.Flex => url is BenchRequestLine.ChatCompletions or "/v1/responses",
        _ => url is BenchRequestLine.ChatCompletions or "/v1/responses" or "/v1/embeddings",
    };

    private bool FitsOneBatch(ProviderInfo provider, IReadOnlyList<LineUsage> lines)
    {
        var first = lines[0].Line;
        if (lines.Any(l => l.Line.Model != first.Model || l.Line.Url != first.Url))
        {
            return false;
        }

        catalog.TryGetOffer(provider.Name, first.Model, Tier.Batch, out var offer);
        return offer.Limits.MaxBatchLines is not { } max || lines.Count <= max;
    }

    private CompletionTimes Completion(ProviderInfo provider, string model) =>
        catalog.TryGetOffer(provider.Name, model, Tier.Batch, out var offer) && offer.Completion is { } completion
            ? completion
            : CompletionTimes.Window24Hours;

    // The slowest model of the shard: each model's lines go through that model's per-minute limits.
    private TimeSpan RateDuration(ProviderInfo provider, string tier, IReadOnlyList<LineUsage> lines)
    {
        var slowest = TimeSpan.Zero;
        foreach (var group in lines.GroupBy(l => l.Line.Model))
        {
            catalog.TryGetOffer(provider.Name, group.Key, tier, out var offer);
            var limits = offer.Limits;
            var requests = group.Count();
            var input = group.Sum(l => l.Tokens.Input);
            var output = group.Sum(l => (long)l.Line.MaxTokens);
            var minutes = new[]
            {
                limits.HasRateLimits ? 0 : requests / (double)assumedRequestsPerMinute,
                limits.RequestsPerMinute is { } rpm ? requests / (double)rpm : 0,
                limits.TokensPerMinute is { } tpm ? (input + output) / (double)tpm : 0,
                limits.InputTokensPerMinute is { } itpm ? input / (double)itpm : 0,
                limits.OutputTokensPerMinute is { } otpm ? output / (double)otpm : 0,
            }.Max();
            var duration = TimeSpan.FromMinutes(minutes);
            slowest = duration > slowest ? duration : slowest;
        }

        return slowest;
    }
}
