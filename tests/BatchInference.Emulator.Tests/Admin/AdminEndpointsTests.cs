using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BatchInference.Emulator.Tests.Admin;

public sealed class AdminEndpointsTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task GetRequests_AfterCalls_ReturnsWhatTheLogHolds()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"), "job:a:1")).Dispose();
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", "{}", "job:b:1")).Dispose();

        var records = await client.GetFromJsonAsync<List<EmulatorRequestRecord>>("_emulator/requests", Web);
        (await client.GetAsync("health")).Dispose();

        Assert.Equal(server.RequestLog.Snapshot(), records);
        Assert.Equal(2, server.RequestLog.Snapshot().Count);
    }

    [Fact]
    public async Task GetStats_AfterMixedCalls_CountsByStatusAndModel()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"))).Dispose();
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("b", model: "gpt-4o"))).Dispose();
        (await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"abcdefgh"}""")).Dispose();
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", "{")).Dispose();

        var stats = await client.GetFromJsonAsync<JsonElement>("_emulator/stats");

        var records = server.RequestLog.Snapshot();
        Assert.Equal(4, stats.GetProperty("requests").GetInt32());
        Assert.Equal(3, stats.GetProperty("billable").GetInt32());
        Assert.Equal(3, stats.GetProperty("byStatus").GetProperty("200").GetInt32());
        Assert.Equal(1, stats.GetProperty("byStatus").GetProperty("400").GetInt32());
        Assert.Equal(records.Sum(r => r.PromptTokens), stats.GetProperty("promptTokens").GetInt64());
        Assert.Equal(records.Sum(r => r.CompletionTokens), stats.GetProperty("completionTokens").GetInt64());
        Assert.Equal(2, stats.GetProperty("byModel").GetProperty("text-embedding-3-small").GetProperty("promptTokens").GetInt64());
        Assert.Equal(1, stats.GetProperty("byModel").GetProperty("gpt-4o").GetProperty("billable").GetInt32());
    }

    [Fact]
    public async Task PostConfig_RequestLimitPatch_AppliesToTheNextRequests()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var patched = await TestEmulator.PostJsonAsync(
            client, "_emulator/config", """{"requestsPerMinute":1,"RateLimitWindow":"00:10:00","requiredApiKey":"sk-secret"}""");
        var config = await TestEmulator.ReadJsonAsync(patched);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-secret");
        using var first = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));
        using var second = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(1, config.GetProperty("requestsPerMinute").GetInt32());
        Assert.True(config.GetProperty("requiresApiKey").GetBoolean());
        Assert.DoesNotContain("sk-secret", config.GetRawText());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Theory]
    [InlineData("""{"requestsPerMinute":-1}""", "RequestsPerMinute")]
    [InlineData("""{"serverErrorRate":2}""", "ServerErrorRate")]
    [InlineData("""{"port":1234}""", "port")]
    [InlineData("""{"latencee":"00:00:01"}""", "latencee")]
    [InlineData("""{"latency":5}""", "latency")]
    public async Task PostConfig_InvalidPatch_Returns400AndKeepsOptions(string patch, string param)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "_emulator/config", patch);
        var config = await client.GetFromJsonAsync<JsonElement>("_emulator/config");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (await TestEmulator.ReadJsonAsync(response)).GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(0, config.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(0, config.GetProperty("serverErrorRate").GetDouble());
    }

    [Fact]
    public async Task PostReset_AfterCallsAndExhaustedLimit_ClearsLogAndRefillsBuckets()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequestsPerMinute = 1);
        using var client = TestEmulator.Client(server);
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"))).Dispose();
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"))).Dispose();

        using var reset = await client.PostAsync("_emulator/reset", null);
        var afterReset = server.RequestLog.Snapshot();
        using var next = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("a"));

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(afterReset);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task GetHealth_Running_ReturnsHealthyAndIsNotLogged()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequiredApiKey = "k");
        using var client = TestEmulator.Client(server);

        var health = await client.GetFromJsonAsync<JsonElement>("health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Empty(server.RequestLog.Snapshot());
    }
}
