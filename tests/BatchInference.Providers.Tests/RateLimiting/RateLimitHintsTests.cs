using BatchInference.Providers.RateLimiting;

namespace BatchInference.Providers.Tests.RateLimiting;

public sealed class RateLimitHintsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_OpenAIHeaders_ReadsEveryValue()
    {
        var headers = new Dictionary<string, string>
        {
            ["retry-after-ms"] = "350",
            ["x-ratelimit-remaining-requests"] = "0",
            ["x-ratelimit-reset-requests"] = "1s",
            ["x-ratelimit-remaining-tokens"] = "1500",
            ["x-ratelimit-reset-tokens"] = "6m0s",
        };

        var hints = RateLimitHints.Parse(name => headers.GetValueOrDefault(name), Now);

        Assert.Equal(new RateLimitHints(TimeSpan.FromMilliseconds(350), 0, TimeSpan.FromSeconds(1), 1500, TimeSpan.FromMinutes(6)), hints);
    }

    [Fact]
    public void Parse_AnthropicHeaders_ReadsCountsAndResetInstants()
    {
        var headers = new Dictionary<string, string>
        {
            ["retry-after"] = "12",
            ["anthropic-ratelimit-requests-remaining"] = "0",
            ["anthropic-ratelimit-requests-reset"] = "2026-03-01T12:00:30Z",
            ["anthropic-ratelimit-tokens-remaining"] = "4200",
            ["anthropic-ratelimit-tokens-reset"] = "2026-03-01T11:59:00Z",
        };

        var hints = RateLimitHints.Parse(name => headers.GetValueOrDefault(name), Now);

        Assert.Equal(new RateLimitHints(TimeSpan.FromSeconds(12), 0, TimeSpan.FromSeconds(30), 4200, TimeSpan.Zero), hints);
    }

    [Fact]
    public void Parse_BothHeaderFamilies_PrefersOpenAIs()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-ratelimit-remaining-requests"] = "5",
            ["anthropic-ratelimit-requests-remaining"] = "9",
        };

        Assert.Equal(5, RateLimitHints.Parse(name => headers.GetValueOrDefault(name), Now).RemainingRequests);
    }

    [Fact]
    public void PauseFor_429WithRetryAfter_PausesForTheHint() =>
        Assert.Equal(TimeSpan.FromSeconds(2), new RateLimitHints(TimeSpan.FromSeconds(2), 5, TimeSpan.FromSeconds(9), 5, TimeSpan.FromSeconds(9)).PauseFor(429));

    [Fact]
    public void PauseFor_429WithoutRetryAfter_PausesUntilTheLaterReset() =>
        Assert.Equal(TimeSpan.FromSeconds(9), new RateLimitHints(null, null, TimeSpan.FromSeconds(3), null, TimeSpan.FromSeconds(9)).PauseFor(429));

    [Fact]
    public void PauseFor_SuccessWithRequestsExhausted_PausesUntilRequestReset() =>
        Assert.Equal(TimeSpan.FromSeconds(3), new RateLimitHints(null, 0, TimeSpan.FromSeconds(3), 900, TimeSpan.FromSeconds(9)).PauseFor(200));

    [Fact]
    public void PauseFor_SuccessWithTokensExhausted_PausesUntilTokenReset() =>
        Assert.Equal(TimeSpan.FromSeconds(9), new RateLimitHints(null, 4, TimeSpan.FromSeconds(3), 0, TimeSpan.FromSeconds(9)).PauseFor(200));

    [Fact]
    public void PauseFor_ExhaustedBudgetOurBucketPaces_NoPauseButA429StillPauses()
    {
        var exhausted = new RateLimitHints(null, 0, TimeSpan.FromSeconds(3), 0, TimeSpan.FromSeconds(9));

        Assert.Null(exhausted.PauseFor(200, requestsPaced: true, tokensPaced: true));
        Assert.Equal(TimeSpan.FromSeconds(9), exhausted.PauseFor(200, requestsPaced: true, tokensPaced: false));
        Assert.Equal(TimeSpan.FromSeconds(9), exhausted.PauseFor(429, requestsPaced: true, tokensPaced: true));
    }

    [Fact]
    public void PauseFor_SuccessWithRoomLeft_ReturnsNull() =>
        Assert.Null(new RateLimitHints(null, 4, TimeSpan.FromSeconds(3), 10, TimeSpan.FromSeconds(9)).PauseFor(200));
}
