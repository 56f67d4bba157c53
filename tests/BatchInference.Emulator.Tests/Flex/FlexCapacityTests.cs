using System.Net;
using System.Text;
using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.Flex;
using BatchInference.Testing;

namespace BatchInference.Emulator.Tests.Flex;

public sealed class FlexCapacityTests
{
    [Fact]
    public async Task Chat_FlexTierWithCapacity_AnswersWithFlexTierAndLogsTierFlex()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("cheap please", extra: ""","service_tier":"flex" """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("flex", (await TestEmulator.ReadJsonAsync(response)).GetProperty("service_tier").GetString());
        await Poll.UntilAsync(() => server.RequestLog.Snapshot().Count == 1, "the call to be logged");
        var record = Assert.Single(server.RequestLog.Snapshot());
        Assert.Equal((EmulatorTiers.Flex, true), (record.Tier, record.Billable));
    }

    [Fact]
    public async Task Chat_FlexWithNoCapacity_Answers429ResourceUnavailableUnbilledWhileDefaultTierWorks()
    {
        await using var server = await TestEmulator.StartAsync(o => o.FlexUnavailableRate = 1);
        using var client = TestEmulator.Client(server);

        using var flex = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("cheap please", extra: ""","service_tier":"flex" """));
        using var standard = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("cheap please"));

        Assert.Equal(HttpStatusCode.TooManyRequests, flex.StatusCode);
        var error = (await TestEmulator.ReadJsonAsync(flex)).GetProperty("error");
        Assert.Equal("resource_unavailable", error.GetProperty("code").GetString());
        Assert.StartsWith("Resource Unavailable", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, standard.StatusCode);
        Assert.Equal("default", (await TestEmulator.ReadJsonAsync(standard)).GetProperty("service_tier").GetString());
        await Poll.UntilAsync(() => server.RequestLog.Snapshot().Count == 2, "both calls to be logged");
        var records = server.RequestLog.Snapshot();
        Assert.Contains(records, r => r is { StatusCode: 429, Billable: false, Tier: EmulatorTiers.Flex });
        Assert.Contains(records, r => r is { StatusCode: 200, Billable: true, Tier: EmulatorTiers.Realtime });
    }

    [Fact]
    public void IsUnavailable_SameSeedAndBodies_GivesTheSameDecisionsInAnyOrder()
    {
        var bodies = Enumerable.Range(0, 40).Select(i => StableHash.Of($"body {i}")).ToList();
        var forward = new FlexCapacity();
        var backward = new FlexCapacity();

        var inOrder = bodies.Select(b => forward.IsUnavailable(b, 0.5, seed: 7)).ToList();
        var reversed = Enumerable.Reverse(bodies).Select(b => backward.IsUnavailable(b, 0.5, seed: 7)).Reverse().ToList();

        Assert.Equal(inOrder, reversed);
        Assert.Contains(true, inOrder);
        Assert.Contains(false, inOrder);
    }

    [Fact]
    public void IsUnavailable_RetriesOfOneBody_DrawAgainSoSomeSucceed()
    {
        var capacity = new FlexCapacity();
        var body = StableHash.Of(Encoding.UTF8.GetBytes("the same request"));

        var attempts = Enumerable.Range(0, 30).Select(_ => capacity.IsUnavailable(body, 0.5, seed: 1)).ToList();
        capacity.Reset();
        var replay = Enumerable.Range(0, 30).Select(_ => capacity.IsUnavailable(body, 0.5, seed: 1)).ToList();

        Assert.Contains(true, attempts);
        Assert.Contains(false, attempts);
        Assert.Equal(attempts, replay);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1.0, true)]
    public void IsUnavailable_RateZeroOrOne_NeverOrAlways(double rate, bool expected)
    {
        var capacity = new FlexCapacity();

        var decisions = Enumerable.Range(0, 20).Select(i => capacity.IsUnavailable(StableHash.Of($"b{i}"), rate, seed: 3));

        Assert.All(decisions, d => Assert.Equal(expected, d));
    }
}
