using BatchInference.Ledger.Pricing;

namespace BatchInference.Ledger.Tests.Pricing;

public sealed class CostCalculatorTests
{
    private static readonly ModelPrice Gpt41Mini = new("openai", "gpt-4.1-mini", "realtime", 0.40m, 0.10m, 1.60m);

    [Fact]
    public void Cost_CachedInput_BilledAtCachedRate()
    {
        // 1,500 input of which 1,024 cached, 200 output:
        // 476 × 0.40 + 1,024 × 0.10 + 200 × 1.60 = 190.4 + 102.4 + 320 = 612.8 per million → 0.0006128
        var cost = CostCalculator.Cost(Gpt41Mini, new TokenCounts(1_500, 1_024, 200, 0));

        Assert.Equal(0.0006128m, cost);
    }

    [Fact]
    public void Cost_ReasoningTokens_NotBilledTwice()
    {
        var withReasoning = CostCalculator.Cost(Gpt41Mini, new TokenCounts(100, 0, 500, 400));
        var without = CostCalculator.Cost(Gpt41Mini, new TokenCounts(100, 0, 500, 0));

        Assert.Equal(without, withReasoning);
    }

    [Fact]
    public void Cost_MillionRequests_SumsExactlyWithoutDrift()
    {
        var one = CostCalculator.Cost(Gpt41Mini, new TokenCounts(37, 0, 11, 0));
        var sum = 0m;
        for (var i = 0; i < 1_000_000; i++)
        {
            sum += one;
        }

        Assert.Equal(one * 1_000_000, sum);
        Assert.Equal(32.4m, sum);
    }

    [Fact]
    public void Cost_CachedExceedsInput_CappedAtInput()
    {
        var cost = CostCalculator.Cost(Gpt41Mini, new TokenCounts(10, 50, 0, 0));

        Assert.Equal(10 * 0.10m / 1_000_000m, cost);
    }

    [Fact]
    public void Cost_CacheWrites_BilledAtTheCacheWriteRate()
    {
        // Claude Haiku 4.5: input 1, cache hits 0.10, 5-minute cache writes 1.25, output 5 per million.
        // 10,000 input = 2,000 cache reads + 6,000 cache writes + 2,000 plain; 300 output:
        // 2,000 × 1 + 2,000 × 0.10 + 6,000 × 1.25 + 300 × 5 = 2,000 + 200 + 7,500 + 1,500 = 11,200 per million.
        var haiku = new ModelPrice("anthropic", "claude-haiku-4-5", "realtime", 1m, 0.10m, 5m) { CacheWritePerMillion = 1.25m };

        var cost = CostCalculator.Cost(haiku, new TokenCounts(10_000, 2_000, 300, 0) { CacheWrite = 6_000 });

        Assert.Equal(0.0112m, cost);
    }

    [Fact]
    public void Cost_CacheWritesWithoutACacheWriteRate_BilledAsInput()
    {
        var withWrites = CostCalculator.Cost(Gpt41Mini, new TokenCounts(1_000, 200, 10, 0) { CacheWrite = 500 });
        var without = CostCalculator.Cost(Gpt41Mini, new TokenCounts(1_000, 200, 10, 0));

        Assert.Equal(without, withWrites);
    }

    [Fact]
    public void PromptCacheSavings_CachedReads_SaveTheInputMinusCachedRate()
    {
        // gpt-4.1-mini: input 0.40, cached 0.10 per million; 800 of 1,000 input tokens cached save 800 × 0.30.
        Assert.Equal(800 * 0.30m / 1_000_000m, CostCalculator.PromptCacheSavings(Gpt41Mini, new TokenCounts(1_000, 800, 10, 0)));
        Assert.Equal(0m, CostCalculator.PromptCacheSavings(Gpt41Mini, new TokenCounts(1_000, 0, 10, 0)));
    }

    [Fact]
    public void PromptCacheSavings_CacheWritePremium_IsSubtracted_EqualsTheCostWithoutCachingMinusWith()
    {
        var haiku = new ModelPrice("anthropic", "claude-haiku-4-5", "realtime", 1m, 0.10m, 5m) { CacheWritePerMillion = 1.25m };
        var tokens = new TokenCounts(10_000, 2_000, 300, 0) { CacheWrite = 6_000 };

        var savings = CostCalculator.PromptCacheSavings(haiku, tokens);

        // 2,000 × 0.90 saved − 6,000 × 0.25 premium = 1,800 − 1,500 = 300 per million.
        Assert.Equal(0.0003m, savings);
        Assert.Equal(CostCalculator.Cost(haiku, new TokenCounts(10_000, 0, 300, 0)) - CostCalculator.Cost(haiku, tokens), savings);
    }
}
