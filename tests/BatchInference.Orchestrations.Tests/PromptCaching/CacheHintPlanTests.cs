using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Orchestrations.PromptCaching;

namespace BatchInference.Orchestrations.Tests.PromptCaching;

public sealed class CacheHintPlanTests
{
    private const string Chat = "/v1/chat/completions";
    private const string Messages = "/v1/messages";
    private static readonly string LongA = new('a', 6000);
    private static readonly string LongB = new('b', 6000);

    private static string OpenAIBody(string system, string question, string extra = "") =>
        $$"""{"model":"gpt-4o-mini",{{extra}}"messages":[{"role":"system","content":{{JsonSerializer.Serialize(system)}}},{"role":"user","content":{{JsonSerializer.Serialize(question)}}}]}""";

    private static string AnthropicBody(string system, string question, string model = "claude-sonnet-4-20250514") =>
        $$"""{"model":"{{model}}","max_tokens":64, "system": {{JsonSerializer.Serialize(system)}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(question)}}}]}""";

    private static ShardLine Line(long sequence, string url, string body)
    {
        var model = JsonDocument.Parse(body).RootElement.GetProperty("model").GetString()!;
        return new ShardLine(sequence, new RequestLine(sequence + 1, $"c{sequence}", "POST", url, model, Encoding.UTF8.GetBytes(body)));
    }

    private static string Sent(CacheHintPlan plan, ShardLine line) => Encoding.UTF8.GetString(plan.BodyOf(line.Sequence, (RequestLine)line.Line).Span);

    [Fact]
    public void For_InterleavedPrefixes_SendsLinesSharingAPrefixTogetherInInputOrder()
    {
        ShardLine[] lines = [Line(0, Chat, OpenAIBody(LongA, "q0")), Line(1, Chat, OpenAIBody(LongB, "q1")), Line(2, Chat, OpenAIBody(LongA, "q2")), Line(3, Chat, OpenAIBody(LongB, "q3"))];

        var plan = CacheHintPlan.For(lines);

        Assert.Equal([0L, 2, 1, 3], plan.Order.Select(l => l.Sequence));
    }

    [Fact]
    public void For_OpenAILinesSharingALongPrefix_GetTheSameKeyFirstAndEveryOtherByteKept()
    {
        ShardLine[] lines = [Line(0, Chat, OpenAIBody(LongA, "q0")), Line(1, Chat, OpenAIBody(LongA, "q1")), Line(2, Chat, OpenAIBody(LongB, "q2"))];

        var plan = CacheHintPlan.For(lines);

        var first = Sent(plan, lines[0]);
        var key = JsonDocument.Parse(first).RootElement.GetProperty("prompt_cache_key").GetString();
        Assert.StartsWith("bi-", key);
        Assert.Equal($"{{\"prompt_cache_key\":\"{key}\"," + OpenAIBody(LongA, "q0")[1..], first);
        Assert.Equal(key, JsonDocument.Parse(Sent(plan, lines[1])).RootElement.GetProperty("prompt_cache_key").GetString());
        Assert.Equal(OpenAIBody(LongB, "q2"), Sent(plan, lines[2])); // shares nothing with another line
        Assert.Equal((2L, 0L), (plan.Counts.PromptCacheKeyLines, plan.Counts.CacheControlLines));
    }

    [Fact]
    public void For_SharedPrefixTooShortToCache_NoChange()
    {
        ShardLine[] lines = [Line(0, Chat, OpenAIBody("short system", "q0")), Line(1, Chat, OpenAIBody("short system", "q1")),
            Line(2, Messages, AnthropicBody("short", "q2")), Line(3, Messages, AnthropicBody("short", "q3"))];

        var plan = CacheHintPlan.For(lines);

        Assert.All(lines, l => Assert.Equal(Encoding.UTF8.GetString(((RequestLine)l.Line).Body.Span), Sent(plan, l)));
        Assert.Equal((0L, 0L), (plan.Counts.PromptCacheKeyLines, plan.Counts.CacheControlLines));
    }

    [Fact]
    public void For_UserSetPromptCacheKey_LeavesThatLineAlone()
    {
        var own = OpenAIBody(LongA, "q0", extra: "\"prompt_cache_key\":\"mine\",");
        ShardLine[] lines = [Line(0, Chat, own), Line(1, Chat, OpenAIBody(LongA, "q1"))];

        var plan = CacheHintPlan.For(lines);

        Assert.Equal(own, Sent(plan, lines[0]));
        Assert.True(JsonDocument.Parse(Sent(plan, lines[1])).RootElement.TryGetProperty("prompt_cache_key", out _));
        Assert.Equal(1L, plan.Counts.PromptCacheKeyLines);
    }

    [Fact]
    public void For_AnthropicLinesSharingALongSystemString_GetABreakpointOnItAsATextBlock()
    {
        ShardLine[] lines = [Line(0, Messages, AnthropicBody(LongA, "q0")), Line(1, Messages, AnthropicBody(LongA, "q1"))];

        var plan = CacheHintPlan.For(lines);

        var sent = Sent(plan, lines[0]);
        var system = Assert.Single(JsonDocument.Parse(sent).RootElement.GetProperty("system").EnumerateArray());
        Assert.Equal(("text", LongA, "ephemeral"), (system.GetProperty("type").GetString(), system.GetProperty("text").GetString(),
            system.GetProperty("cache_control").GetProperty("type").GetString()));
        var original = AnthropicBody(LongA, "q0");
        Assert.Equal(original.Replace(JsonSerializer.Serialize(LongA), $"[{{\"type\":\"text\",\"text\":{JsonSerializer.Serialize(LongA)},\"cache_control\":{{\"type\":\"ephemeral\"}}}}]", StringComparison.Ordinal), sent);
        Assert.Equal((0L, 2L), (plan.Counts.PromptCacheKeyLines, plan.Counts.CacheControlLines));
    }

    [Fact]
    public void For_AnthropicBlockArray_MarksTheLastSharedBlockAndKeepsTheRest()
    {
        string Body(string q) => $$"""{"model":"claude-sonnet-4-20250514","max_tokens":9,"system":[{"type":"text","text":"Intro."},{"type":"text","text":"{{LongA}}"}],"messages":[{"role":"user","content":[{"type":"text","text":"{{q}}"}]}]}""";
        ShardLine[] lines = [Line(0, Messages, Body("q0")), Line(1, Messages, Body("q1"))];

        var sent = Sent(CacheHintPlan.For(lines), lines[1]);

        Assert.Equal(Body("q1").Replace($"{{\"type\":\"text\",\"text\":\"{LongA}\"}}", $"{{\"cache_control\":{{\"type\":\"ephemeral\"}},\"type\":\"text\",\"text\":\"{LongA}\"}}", StringComparison.Ordinal), sent);
    }

    [Fact]
    public void For_AnthropicPrefixUnderTheModelsMinimum_NoBreakpoint()
    {
        // 1,500 tokens: enough for Sonnet 4, not for Haiku 3.5's 2,048.
        ShardLine[] lines = [Line(0, Messages, AnthropicBody(LongA, "q0", "claude-haiku-3-5")), Line(1, Messages, AnthropicBody(LongA, "q1", "claude-haiku-3-5"))];

        Assert.Equal(0L, CacheHintPlan.For(lines).Counts.CacheControlLines);
    }

    [Fact]
    public void For_AnthropicBodyWithItsOwnCacheControl_LeftAlone()
    {
        var own = $$$"""{"model":"claude-sonnet-4-20250514","max_tokens":9,"system":[{"type":"text","text":"{{{LongA}}}","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":"q0"}]}""";
        ShardLine[] lines = [Line(0, Messages, own), Line(1, Messages, AnthropicBody(LongA, "q1"))];

        var plan = CacheHintPlan.For(lines);

        Assert.Equal(own, Sent(plan, lines[0]));
        Assert.Equal(0L, plan.Counts.CacheControlLines); // the other line shares no prefix with it: its system is a string
    }

    [Fact]
    public void For_OtherUrlsAndInvalidLines_KeptAndUnchanged()
    {
        const string embedding = """{"model":"text-embedding-3-small","input":"x"}""";
        ShardLine[] lines = [new(0, new InvalidLine(1, "bad", "invalid_json", "no")), Line(1, "/v1/embeddings", embedding)];

        var plan = CacheHintPlan.For(lines);

        Assert.Equal([0L, 1], plan.Order.Select(l => l.Sequence).Order());
        Assert.Equal(embedding, Sent(plan, lines[1]));
    }
}
