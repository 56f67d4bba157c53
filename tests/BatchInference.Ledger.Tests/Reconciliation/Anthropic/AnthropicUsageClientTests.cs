using System.Net;
using BatchInference.Ledger.Reconciliation.Anthropic;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Reconciliation.Anthropic;

public sealed class AnthropicUsageClientTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);

    [Fact]
    public async Task GetUsageAsync_OneBucketPerPage_FollowsPagesAndJoinsTokensWithCents()
    {
        await using var provider = await EmulatedAnthropic.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await provider.AddDiscrepancyAsync(Day.AddDays(i), "claude-sonnet-4", 1_000_000, i * 1_000_000L);
        }

        await provider.AddDiscrepancyAsync(Day, "gpt-4o-mini", 5, 5); // an OpenAI model: not in Anthropic's reports
        using var http = new HttpClient();

        var days = await provider.UsageClient(http, configure: o => o.BucketsPerPage = 1).GetUsageAsync(Day, Day.AddDays(3));

        Assert.Equal([Day, Day.AddDays(1), Day.AddDays(2), Day.AddDays(3)], days.Select(d => d.Date));
        Assert.All(days, d => Assert.Equal("anthropic", d.Provider));
        Assert.Empty(days[3].Lines);
        for (var i = 0; i < 3; i++)
        {
            var line = Assert.Single(days[i].Lines);
            Assert.Equal(("claude-sonnet-4", "realtime", "USD"), (line.Model, line.Tier, line.Currency));
            Assert.Equal(0, line.Requests); // the usage report counts no requests
            Assert.Equal(1_000_000, line.InputTokens);
            Assert.Equal(i * 1_000_000L, line.OutputTokens);
            Assert.Equal(3m + (i * 15m), line.Cost);
        }
    }

    [Fact]
    public async Task GetDailyUsageAsync_WrongAdminKey_ThrowsUnauthorizedWithoutRetrying()
    {
        await using var provider = await EmulatedAnthropic.StartAsync();
        using var http = new HttpClient();
        var client = provider.UsageClient(http, configure: o => o.AdminApiKey = "sk-ant-admin-wrong");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetDailyUsageAsync(Day));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("sk-ant-admin-wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDailyUsageAsync_TooManyRequestsWithRetryAfter_WaitsOnTheClockThenSucceeds()
    {
        await using var provider = await EmulatedAnthropic.StartAsync();
        await provider.AddDiscrepancyAsync(Day, "claude-sonnet-4", 10, 10);
        await provider.AddFaultsAsync("""{"statusCode":429,"count":1,"retryAfter":"00:00:05"}""");
        var clock = new ManualClock();
        using var http = new HttpClient();

        var pending = provider.UsageClient(http, clock).GetDailyUsageAsync(Day);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "retry wait");
        clock.Advance(TimeSpan.FromSeconds(5));
        var usage = await pending.WaitAsync(Poll.HangGuard);

        Assert.Equal(20, Assert.Single(usage.Lines).InputTokens + usage.Lines[0].OutputTokens);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Constructor_BucketsPerPageOutOfRange_Throws(int buckets)
    {
        using var http = new HttpClient();
        var options = new AnthropicUsageClientOptions { AdminApiKey = "sk-ant-admin-x", BucketsPerPage = buckets };

        Assert.Throws<ArgumentOutOfRangeException>(() => new AnthropicUsageClient(http, options));
    }
}
