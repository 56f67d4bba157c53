using BatchInference.Emulator.RateLimits;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Tests.RateLimits;

public sealed class RateLimitHeadersTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(120, "120ms")]
    [InlineData(1000, "1s")]
    [InlineData(1500, "1.5s")]
    [InlineData(360_000, "6m0s")]
    [InlineData(3_723_004, "1h2m3.004s")]
    public void FormatDuration_Milliseconds_FormatsLikeGo(int milliseconds, string expected) =>
        Assert.Equal(expected, RateLimitHeaders.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void FormatDuration_FractionOfAMillisecond_RoundsUp() =>
        Assert.Equal("2ms", RateLimitHeaders.FormatDuration(TimeSpan.FromTicks(10_001)));

    [Fact]
    public void Write_RequestsRejection_SetsRetryAfterRoundedUpAndBucketHeaders()
    {
        var context = new DefaultHttpContext();
        var decision = new RateLimitDecision(
            RateLimitKind.Requests,
            TimeSpan.FromMilliseconds(1200.2),
            new RateLimitBucketState(60, 0, TimeSpan.FromSeconds(60)),
            new RateLimitBucketState(1000, 400, TimeSpan.FromSeconds(36)),
            10);

        RateLimitHeaders.Write(context.Response, decision);

        var headers = context.Response.Headers;
        Assert.Equal("2", headers["retry-after"]);
        Assert.Equal("1201", headers["retry-after-ms"]);
        Assert.Equal("60", headers["x-ratelimit-limit-requests"]);
        Assert.Equal("0", headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("1m0s", headers["x-ratelimit-reset-requests"]);
        Assert.Equal("1000", headers["x-ratelimit-limit-tokens"]);
        Assert.Equal("400", headers["x-ratelimit-remaining-tokens"]);
        Assert.Equal("36s", headers["x-ratelimit-reset-tokens"]);
    }

    [Fact]
    public void Write_AdmittedUnlimited_SetsNoHeaders()
    {
        var context = new DefaultHttpContext();

        RateLimitHeaders.Write(context.Response, new RateLimitDecision(RateLimitKind.None, TimeSpan.Zero, null, null, 5));

        Assert.Empty(context.Response.Headers);
    }
}
