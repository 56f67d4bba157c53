using BatchInference.Emulator.Caching;
using BatchInference.Emulator.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Caching;

public sealed class PromptCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static string Text(int tokens, char fill = 'a') => new(fill, tokens * TokenEstimator.CharsPerToken);

    // A tail that differs per index in its first characters, so every request is a different prompt.
    private static string Tail(int index) => $"q{index:D4}" + Text(100, 'b');

    [Fact]
    public void LookupAndRemember_ShortPromptRepeated_NeverCached()
    {
        var cache = new PromptCache(new FakeTimeProvider(Start));
        var prompt = Text(1000);

        cache.LookupAndRemember("gpt-4o", prompt, 1000);

        Assert.Equal(0, cache.LookupAndRemember("gpt-4o", prompt, 1000));
    }

    [Fact]
    public void LookupAndRemember_LongPromptRepeated_CachesWholeIncrements()
    {
        var cache = new PromptCache(new FakeTimeProvider(Start));
        var prompt = Text(1300);

        var first = cache.LookupAndRemember("gpt-4o", prompt, 1310);
        var second = cache.LookupAndRemember("gpt-4o", prompt, 1310);

        Assert.Equal(0, first);
        Assert.Equal(1280, second);
    }

    [Fact]
    public void LookupAndRemember_SharedPrefixSameKey_CachesTheSharedIncrements()
    {
        var cache = new PromptCache(new FakeTimeProvider(Start));
        var shared = Text(1200);
        cache.LookupAndRemember("gpt-4o", shared + Text(500, 'b'), 1700, "k1");

        var cached = cache.LookupAndRemember("gpt-4o", shared + Text(500, 'c'), 1700, "k1");

        Assert.Equal(1152, cached);
    }

    [Fact]
    public void LookupAndRemember_SharedPrefixWithoutKey_LandsOnOtherMachinesAndHitsLessThanWithAKey()
    {
        var unkeyed = new PromptCache(new FakeTimeProvider(Start));
        var keyed = new PromptCache(new FakeTimeProvider(Start));
        var shared = Text(1100);

        var unkeyedHits = Enumerable.Range(0, 15).Count(i => unkeyed.LookupAndRemember("gpt-4o", shared + Tail(i), 1200) > 0);
        var keyedHits = Enumerable.Range(0, 15).Count(i => keyed.LookupAndRemember("gpt-4o", shared + Tail(i), 1200, "doc-1") > 0);

        Assert.Equal(14, keyedHits);
        Assert.True(unkeyedHits < 5, $"unkeyed requests hit {unkeyedHits} times of 15 on {PromptCache.Machines} machines");
    }

    [Fact]
    public void LookupAndRemember_MoreThanTheRatePerKeyInAMinute_OverflowsToOtherMachinesUntilTheNextMinute()
    {
        var clock = new FakeTimeProvider(Start);
        var cache = new PromptCache(clock);
        var shared = Text(1100);
        var hits = Enumerable.Range(0, 30).Select(i => cache.LookupAndRemember("gpt-4o", shared + Tail(i), 1200, "doc-1") > 0).ToList();

        clock.Advance(TimeSpan.FromMinutes(1));
        var nextMinute = cache.LookupAndRemember("gpt-4o", shared + Tail(99), 1200, "doc-1");

        Assert.Equal(14, hits.Take(PromptCache.RequestsPerMinutePerRoute).Count(h => h));
        Assert.True(hits.Skip(PromptCache.RequestsPerMinutePerRoute).Count(h => h) < 5, "overflow requests should mostly miss");
        Assert.Equal(1024, nextMinute);
    }

    [Fact]
    public void LookupAndRemember_IdleForTheLifetime_Expires_WhileAHitRefreshesIt()
    {
        var clock = new FakeTimeProvider(Start);
        var cache = new PromptCache(clock);
        var prompt = Text(1100);
        cache.LookupAndRemember("gpt-4o", prompt, 1100, "k");

        clock.Advance(PromptCache.IdleLifetime - TimeSpan.FromSeconds(1));
        var beforeExpiry = cache.LookupAndRemember("gpt-4o", prompt, 1100, "k");
        clock.Advance(PromptCache.IdleLifetime - TimeSpan.FromSeconds(1));
        var refreshed = cache.LookupAndRemember("gpt-4o", prompt, 1100, "k");
        clock.Advance(PromptCache.IdleLifetime);
        var expired = cache.LookupAndRemember("gpt-4o", prompt, 1100, "k");

        Assert.Equal((1024, 1024, 0), (beforeExpiry, refreshed, expired));
    }

    [Fact]
    public void LookupAndRemember_KeptBusyPastTheMaxLifetime_IsWrittenAgain()
    {
        var clock = new FakeTimeProvider(Start);
        var cache = new PromptCache(clock);
        var prompt = Text(1100);
        cache.LookupAndRemember("gpt-4o", prompt, 1100, "k");
        var hits = new List<int>();
        for (var elapsed = TimeSpan.Zero; elapsed < PromptCache.MaxLifetime; elapsed += TimeSpan.FromMinutes(4))
        {
            clock.Advance(TimeSpan.FromMinutes(4));
            hits.Add(cache.LookupAndRemember("gpt-4o", prompt, 1100, "k"));
        }

        Assert.All(hits.SkipLast(1), h => Assert.Equal(1024, h));
        Assert.Equal(0, hits[^1]);
    }

    [Fact]
    public void LookupAndRemember_OtherModelOrAfterClear_NotCached()
    {
        var cache = new PromptCache(new FakeTimeProvider(Start));
        var prompt = Text(2000);
        cache.LookupAndRemember("gpt-4o", prompt, 2000);

        var otherModel = cache.LookupAndRemember("gpt-4o-mini", prompt, 2000);
        cache.Clear();
        var afterClear = cache.LookupAndRemember("gpt-4o", prompt, 2000);

        Assert.Equal(0, otherModel);
        Assert.Equal(0, afterClear);
    }
}
