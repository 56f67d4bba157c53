using System.Net;
using System.Text.Json;
using BatchInference.Testing;

namespace BatchInference.Emulator.Tests.OpenAI.Chat;

public sealed class ChatCompletionsEndpointTests
{
    private static string Content(JsonElement completion, int choice = 0) =>
        completion.GetProperty("choices")[choice].GetProperty("message").GetProperty("content").GetString()!;

    [Fact]
    public async Task Post_SameBodyTwice_ReturnsSameContentAndUniqueIds()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        var body = TestEmulator.ChatBody("Classify this ticket about billing");

        using var first = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        using var second = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        var a = await TestEmulator.ReadJsonAsync(first);
        var b = await TestEmulator.ReadJsonAsync(second);

        Assert.Equal(Content(a), Content(b));
        Assert.NotEqual(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.NotEqual(TestEmulator.Header(first, "x-request-id"), TestEmulator.Header(second, "x-request-id"));
        Assert.StartsWith("req_", TestEmulator.Header(first, "x-request-id"));
        Assert.NotEmpty(TestEmulator.Header(first, "openai-processing-ms"));
    }

    [Fact]
    public async Task Post_DifferentBodies_ReturnDifferentContent()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var first = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("same words"));
        using var second = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("same words", extra: ",\"temperature\":0.5"));

        Assert.NotEqual(Content(await TestEmulator.ReadJsonAsync(first)), Content(await TestEmulator.ReadJsonAsync(second)));
    }

    [Fact]
    public async Task Post_ValidBody_ReturnsOpenAIShape()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(
            client, "v1/chat/completions", TestEmulator.ChatBody("Hello there", extra: ",\"service_tier\":\"flex\",\"unknown\":{\"a\":1}"));
        var json = await TestEmulator.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.Equal("gpt-4o-mini", json.GetProperty("model").GetString());
        Assert.Equal("flex", json.GetProperty("service_tier").GetString());
        Assert.StartsWith("fp_", json.GetProperty("system_fingerprint").GetString());
        Assert.True(json.GetProperty("created").GetInt64() > 1_700_000_000);
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("refusal").ValueKind);
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(
            usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_MaxTokensBelowReply_TruncatesWithFinishReasonLength()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("Write an essay", extra: ",\"max_tokens\":3"));
        var json = await TestEmulator.ReadJsonAsync(response);

        Assert.Equal("length", json.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("Emulated rep", Content(json));
        Assert.Equal(3, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_NChoices_ReturnsDistinctChoicesAndSumsTokens()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("Pick a name", extra: ",\"n\":3"));
        var json = await TestEmulator.ReadJsonAsync(response);

        var choices = json.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(3, choices.Select(c => c.GetProperty("message").GetProperty("content").GetString()).Distinct().Count());
        Assert.Equal(server.RequestLog.Snapshot()[0].CompletionTokens, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("[1,2]", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", null)]
    [InlineData("""{"model":"gpt-4o-mini"}""", "messages")]
    [InlineData("""{"model":"gpt-4o-mini","messages":[]}""", "messages")]
    [InlineData("""{"model":"gpt-4o-mini","messages":[{"content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":"many"}""", "max_tokens")]
    [InlineData("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"n":0}""", "n")]
    public async Task Post_BadBody_Returns400InOpenAIShapeNotBillable(string body, string? param)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", body);
        var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.TryGetProperty("code", out _));
        var record = Assert.Single(server.RequestLog.Snapshot());
        Assert.Equal(400, record.StatusCode);
        Assert.False(record.Billable);
        Assert.Equal(0, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task Post_UnknownPath_Returns404InOpenAIShape()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/nothing-here", "{}");
        var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Invalid URL (POST /v1/nothing-here)", error.GetProperty("message").GetString());
        Assert.False(Assert.Single(server.RequestLog.Snapshot()).Billable);
    }

    [Fact]
    public async Task Post_WithLatencyOnManualClock_AnswersOnlyAfterClockAdvances()
    {
        var clock = new BatchInference.Testing.ManualClock();
        await using var server = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromSeconds(5), clock);
        using var client = TestEmulator.Client(server);

        var pending = TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("slow"));
        await Poll.UntilAsync(() => clock.PendingTimers > 0, "the request to park on the latency timer");
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5000", TestEmulator.Header(response, "openai-processing-ms"));
    }
}
