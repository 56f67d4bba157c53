using System.Text;
using BatchInference.Providers.Realtime;

namespace BatchInference.Providers.Tests.Realtime;

public sealed class TokenUsageParserTests
{
    [Fact]
    public void Parse_ChatCompletion_ReadsDetails()
    {
        var body = Bytes("""
            {"id":"chatcmpl-1","object":"chat.completion","choices":[],
             "usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160,
                      "prompt_tokens_details":{"cached_tokens":64},
                      "completion_tokens_details":{"reasoning_tokens":12}}}
            """);

        Assert.Equal(new TokenUsage(120, 64, 40, 12), TokenUsageParser.Parse(body));
    }

    [Fact]
    public void Parse_Embeddings_ReadsPromptTokensOnly() =>
        Assert.Equal(
            new TokenUsage(8, 0, 0, 0),
            TokenUsageParser.Parse(Bytes("""{"object":"list","data":[],"usage":{"prompt_tokens":8,"total_tokens":8}}""")));

    [Fact]
    public void Parse_ResponsesApi_ReadsInputOutputNames() =>
        Assert.Equal(
            new TokenUsage(30, 10, 20, 5),
            TokenUsageParser.Parse(Bytes("""
                {"object":"response","usage":{"input_tokens":30,"input_tokens_details":{"cached_tokens":10},
                 "output_tokens":20,"output_tokens_details":{"reasoning_tokens":5},"total_tokens":50}}
                """)));

    [Fact]
    public void Parse_AnthropicMessage_AddsCacheReadsAndWritesToInput() =>
        Assert.Equal(
            new TokenUsage(InputTokens: 2095 + 1800 + 2051, CachedInputTokens: 1800, OutputTokens: 503, ReasoningTokens: 0, CacheWriteTokens: 2051),
            TokenUsageParser.Parse(Bytes("""
                {"id":"msg_01","type":"message","role":"assistant","content":[],"stop_reason":"end_turn",
                 "usage":{"input_tokens":2095,"output_tokens":503,"cache_creation_input_tokens":2051,"cache_read_input_tokens":1800}}
                """)));

    [Fact]
    public void Parse_AnthropicMessageWithoutCacheFields_ReadsInputAndOutput() =>
        Assert.Equal(
            new TokenUsage(11, 0, 36, 0),
            TokenUsageParser.Parse(Bytes("""{"type":"message","usage":{"input_tokens":11,"output_tokens":36}}""")));

    [Fact]
    public void Parse_AnthropicUsageWithNullCacheFields_CountsThemAsZero() =>
        Assert.Equal(
            new TokenUsage(7, 0, 2, 0),
            TokenUsageParser.Parse(Bytes("""{"type":"message","usage":{"input_tokens":7,"output_tokens":2,"cache_creation_input_tokens":null,"cache_read_input_tokens":null}}""")));

    [Theory]
    [InlineData("""{"object":"chat.completion"}""")]
    [InlineData("""{"usage":null}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public void Parse_NoUsage_ReturnsNull(string body) => Assert.Null(TokenUsageParser.Parse(Bytes(body)));

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
