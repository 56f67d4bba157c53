using System.Net;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.OpenAI;

/// <summary>Rate limits and faults as a client sees them over HTTP.</summary>
public sealed class ModelCallGateTests
{
    [Fact]
    public async Task Post_BeyondRequestsPerWindow_Returns429WithHeadersUntilWindowPasses()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestEmulator.StartAsync(
            o => { o.RequestsPerMinute = 2; o.RateLimitWindow = TimeSpan.FromSeconds(1); }, clock);
        using var client = TestEmulator.Client(server);
        var body = TestEmulator.ChatBody("hi");

        using var first = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        using var second = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        using var limited = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var afterWindow = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2", TestEmulator.Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal("1", TestEmulator.Header(first, "x-ratelimit-remaining-requests"));
        Assert.Equal("500ms", TestEmulator.Header(first, "x-ratelimit-reset-requests"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("1", TestEmulator.Header(limited, "retry-after"));
        Assert.Equal("500", TestEmulator.Header(limited, "retry-after-ms"));
        Assert.Equal("0", TestEmulator.Header(limited, "x-ratelimit-remaining-requests"));
        var error = (await TestEmulator.ReadJsonAsync(limited)).GetProperty("error");
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.StartsWith("Rate limit reached for gpt-4o-mini", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, afterWindow.StatusCode);
        Assert.Equal(3, server.RequestLog.BillableCount);
        Assert.Equal([200, 200, 429, 200], server.RequestLog.Snapshot().Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Post_BeyondTokensPerWindow_Returns429TokensUntilRefilled()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TestEmulator.StartAsync(
            o => { o.TokensPerMinute = 100; o.RateLimitWindow = TimeSpan.FromSeconds(1); }, clock);
        using var client = TestEmulator.Client(server);
        var body = TestEmulator.ChatBody("hi", extra: ",\"max_tokens\":60");

        using var first = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        using var limited = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        clock.Advance(TimeSpan.FromMilliseconds(int.Parse(TestEmulator.Header(limited, "retry-after-ms"))));
        using var afterWait = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstCost = 100 - int.Parse(TestEmulator.Header(first, "x-ratelimit-remaining-tokens"));
        Assert.Equal(server.RequestLog.Snapshot()[0].PromptTokens + 60, firstCost);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("tokens", (await TestEmulator.ReadJsonAsync(limited)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, afterWait.StatusCode);
    }

    [Fact]
    public async Task Post_RealOneSecondWindow_SucceedsAgainOnceTheWindowPasses()
    {
        await using var server = await TestEmulator.StartAsync(o => { o.RequestsPerMinute = 1; o.RateLimitWindow = TimeSpan.FromSeconds(1); });
        using var client = TestEmulator.Client(server);
        using var first = await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"a"}""");
        using var limited = await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"a"}""");

        await Poll.UntilAsync(
            async () =>
            {
                using var retry = await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"a"}""");
                return retry.StatusCode == HttpStatusCode.OK;
            },
            "the 1 s rate-limit window to refill",
            TimeSpan.FromSeconds(5),
            interval: TimeSpan.FromMilliseconds(20));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(2, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task Post_ServerErrorRate_FailsAboutThatShareDeterministicallyAndBillsTheRest()
    {
        var first = await RunFaultyBatchAsync(seed: 7);
        var again = await RunFaultyBatchAsync(seed: 7);
        var otherSeed = await RunFaultyBatchAsync(seed: 8);

        var failures = first.Statuses.Count(s => s >= 500);
        Assert.InRange(failures, 70, 130);
        Assert.All(first.Statuses, s => Assert.Contains(s, new[] { 200, 500, 502, 503 }));
        Assert.Equal(3, first.Statuses.Where(s => s >= 500).Distinct().Count());
        Assert.Equal(first.Statuses, again.Statuses);
        Assert.NotEqual(first.Statuses, otherSeed.Statuses);
        Assert.Equal(first.Statuses.Count(s => s == 200), first.Billable);
    }

    private static async Task<(List<int> Statuses, int Billable)> RunFaultyBatchAsync(int seed)
    {
        await using var server = await TestEmulator.StartAsync(o => { o.ServerErrorRate = 0.25; o.Seed = seed; });
        using var client = TestEmulator.Client(server);
        var statuses = new List<int>();
        for (var i = 0; i < 400; i++)
        {
            using var response = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody($"line {i}"), $"job1:c{i}:1");
            statuses.Add((int)response.StatusCode);
            if (statuses[^1] >= 500)
            {
                var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");
                Assert.Equal("server_error", error.GetProperty("type").GetString());
            }
        }

        var records = server.RequestLog.Snapshot();
        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"job1:c{i}:1"), records.Select(r => r.ClientRequestId));
        Assert.Equal(statuses, records.Select(r => r.StatusCode));
        Assert.All(records.Where(r => r.StatusCode >= 500), r => Assert.False(r.Billable));
        return (statuses, server.RequestLog.BillableCount);
    }
}
