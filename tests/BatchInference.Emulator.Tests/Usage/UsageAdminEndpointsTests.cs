using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Usage;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Usage;

public sealed class UsageAdminEndpointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly long DayStart = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task PostDiscrepancy_AfterRealCalls_UsageAndCostsGrowByTheExtra()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        await OrganizationUsageEndpointsTests.ChatAsync(client, "hello", "gpt-4o-mini");
        var usagePath = $"v1/organization/usage/completions?start_time={DayStart}&group_by=model";
        var costPath = $"v1/organization/costs?start_time={DayStart}";
        var before = Result(await OrganizationUsageEndpointsTests.GetAsync(client, usagePath));
        var costBefore = Result(await OrganizationUsageEndpointsTests.GetAsync(client, costPath)).GetProperty("amount").GetProperty("value").GetDecimal();

        using var posted = await TestEmulator.PostJsonAsync(
            client, "_emulator/usage/discrepancies", """{"day":"2026-03-10","model":"gpt-4o-mini","extraRequests":1,"extraInputTokens":1000000,"extraOutputTokens":0}""");
        var after = Result(await OrganizationUsageEndpointsTests.GetAsync(client, usagePath));
        var costAfter = Result(await OrganizationUsageEndpointsTests.GetAsync(client, costPath)).GetProperty("amount").GetProperty("value").GetDecimal();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Single((await TestEmulator.ReadJsonAsync(posted)).EnumerateArray());
        Assert.Equal(before.GetProperty("num_model_requests").GetInt64() + 1, after.GetProperty("num_model_requests").GetInt64());
        Assert.Equal(before.GetProperty("input_tokens").GetInt64() + 1_000_000, after.GetProperty("input_tokens").GetInt64());
        Assert.Equal(before.GetProperty("output_tokens").GetInt64(), after.GetProperty("output_tokens").GetInt64());
        Assert.Equal(costBefore + 0.15m, costAfter); // one million gpt-4o-mini input tokens at the default $0.15
        Assert.Single(server.RequestLog.Snapshot());
    }

    [Fact]
    public async Task DeleteDiscrepancies_AfterPost_UsageIsBackToTheRealCalls()
    {
        await using var server = await TestEmulator.StartAsync(
            o => o.UsageDiscrepancies = [new UsageDiscrepancy(new DateOnly(2026, 3, 10), "gpt-4o", 3, 10, 10)], new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var usagePath = $"v1/organization/usage/completions?start_time={DayStart}";
        Assert.Single(Bucket(await OrganizationUsageEndpointsTests.GetAsync(client, usagePath)).EnumerateArray());

        using var deleted = await client.DeleteAsync("_emulator/usage/discrepancies");
        var listed = await OrganizationUsageEndpointsTests.GetAsync(client, "_emulator/usage/discrepancies");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(listed.EnumerateArray());
        Assert.Empty(Bucket(await OrganizationUsageEndpointsTests.GetAsync(client, usagePath)).EnumerateArray());
    }

    [Theory]
    [InlineData("""{"day":"2026-03-10","model":"","extraRequests":1}""")]
    [InlineData("""{"day":"2026-03-10","model":"gpt-4o","extraRequests":-1}""")]
    [InlineData("""{"day":"tomorrow","model":"gpt-4o"}""")]
    [InlineData("[")]
    public async Task PostDiscrepancy_Invalid_Returns400AndKeepsOptions(string body)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "_emulator/usage/discrepancies", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await OrganizationUsageEndpointsTests.GetAsync(client, "_emulator/usage/discrepancies")).EnumerateArray());
    }

    [Fact]
    public async Task PostFaults_TwoTooManyRequests_NextTwoCallsFailWithRetryAfterThenServe()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        using var posted = await TestEmulator.PostJsonAsync(client, "_emulator/usage/faults", """{"statusCode":429,"count":2,"retryAfter":"00:00:07"}""");
        var path = $"v1/organization/costs?start_time={DayStart}&end_time={DayStart + 86_400}";

        using var first = await client.GetAsync(path);
        using var second = await client.GetAsync(path);
        using var third = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    private static JsonElement Bucket(JsonElement page) => Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("results");

    private static JsonElement Result(JsonElement page) => Assert.Single(Bucket(page).EnumerateArray());
}
