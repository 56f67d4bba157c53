using System.Globalization;
using System.Net;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Reconciliation;

public sealed class ProviderUsageClientTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);

    [Fact]
    public async Task GetUsageAsync_OneBucketPerPage_FollowsPagesAndReturnsEveryDay()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await provider.PostAdminAsync("_emulator/usage/discrepancies", string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"day":"{{Day.AddDays(i):yyyy-MM-dd}}","model":"gpt-4o-mini-2024-07-18","extraRequests":{{i + 1}},"extraInputTokens":1000000,"extraOutputTokens":{{i * 1000000}}}"""));
        }

        using var http = new HttpClient();

        var days = await provider.UsageClient(http, configure: o => o.BucketsPerPage = 1).GetUsageAsync(Day, Day.AddDays(3));

        Assert.Equal([Day, Day.AddDays(1), Day.AddDays(2), Day.AddDays(3)], days.Select(d => d.Date));
        Assert.Empty(days[3].Lines);
        for (var i = 0; i < 3; i++)
        {
            var line = Assert.Single(days[i].Lines);
            Assert.Equal(("gpt-4o-mini", "realtime", "USD"), (line.Model, line.Tier, line.Currency));
            Assert.Equal(i + 1, line.Requests);
            Assert.Equal(1_000_000, line.InputTokens);
            Assert.Equal(i * 1_000_000L, line.OutputTokens);
            Assert.Equal(0.15m + (i * 0.60m), line.Cost); // built-in gpt-4o-mini prices, the snapshot billed as its base model
        }
    }

    [Fact]
    public async Task GetDailyUsageAsync_TooManyRequestsWithRetryAfter_WaitsThatLongOnTheClockThenSucceeds()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        await provider.PostAdminAsync("_emulator/usage/faults", """{"statusCode":429,"count":2,"retryAfter":"00:00:07"}""");
        var clock = new ManualClock();
        using var http = new HttpClient();
        var client = provider.UsageClient(http, clock, o => o.RetryBaseDelay = TimeSpan.FromSeconds(1));

        var pending = client.GetDailyUsageAsync(Day);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "first retry wait");
        clock.Advance(TimeSpan.FromSeconds(6));
        var stillWaiting = clock.PendingTimers == 1 && !pending.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => clock.PendingTimers == 1 || pending.IsCompleted, "second retry wait");
        clock.Advance(TimeSpan.FromSeconds(7));
        var usage = await pending.WaitAsync(Poll.HangGuard);

        Assert.True(stillWaiting, "the client retried before Retry-After elapsed");
        Assert.Equal(Day, usage.Date);
        Assert.Empty(usage.Lines);
    }

    [Fact]
    public async Task GetDailyUsageAsync_ServerErrorsOutlastAttempts_ThrowsWithTheStatus()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        await provider.PostAdminAsync("_emulator/usage/faults", """{"statusCode":503,"count":5}""");
        var clock = new ManualClock();
        using var http = new HttpClient();
        var client = provider.UsageClient(http, clock, o => o.MaxAttempts = 2);

        var pending = client.GetDailyUsageAsync(Day);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "retry wait");
        clock.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => pending.WaitAsync(Poll.HangGuard));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
    }

    [Fact]
    public async Task GetDailyUsageAsync_WrongAdminKey_ThrowsUnauthorizedWithoutRetryOrKeyInMessage()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        using var http = new HttpClient();
        var client = provider.UsageClient(http, new ManualClock(), o => o.AdminApiKey = "sk-admin-wrong-key");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetDailyUsageAsync(Day));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("sk-admin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData("sk", 0)]
    [InlineData("sk", 32)]
    public void Constructor_InvalidOptions_Throws(string? key, int bucketsPerPage)
    {
        using var http = new HttpClient();
        var options = new ProviderUsageClientOptions { AdminApiKey = key, BucketsPerPage = bucketsPerPage };

        Assert.ThrowsAny<ArgumentException>(() => new ProviderUsageClient(http, options));
    }
}
