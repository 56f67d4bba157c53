using System.Text;
using BatchInference.Emulator.OpenAI;
using BatchInference.Emulator.OpenAI.Chat;

namespace BatchInference.Emulator.Tests.OpenAI.Chat;

public sealed class ChatCompletionRequestParserTests
{
    private static ChatCompletionRequest Parse(string json) => ChatCompletionRequestParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_TwoMessages_CountsTextPlusOpenAIFraming()
    {
        var request = Parse("""{"model":"m","messages":[{"role":"system","content":"12345678"},{"role":"user","content":"abcd","name":"bob"}]}""");

        // (4 + 2) + (4 + 1 + 1 name) + 3 priming
        Assert.Equal(15, request.PromptTokens());
    }

    [Fact]
    public void Parse_ContentParts_ReadsTextAndPricesImages()
    {
        var request = Parse(
            """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"look at"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""");

        Assert.Equal("look at", request.LastUserText());
        Assert.Equal(4 + 2 + 85 + 3, request.PromptTokens());
    }

    [Fact]
    public void Parse_MaxCompletionTokensAndMaxTokens_PrefersMaxCompletionTokens()
    {
        var request = Parse("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":10,"max_completion_tokens":20,"n":2}""");

        Assert.Equal(20, request.MaxCompletionTokens);
        Assert.Equal(2, request.ChoiceCount);
    }

    [Fact]
    public void Parse_Stream_RejectedAsUnsupported()
    {
        var exception = Assert.Throws<OpenAIRequestException>(() => Parse("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true}"""));

        Assert.Equal("stream", exception.Param);
    }

    [Fact]
    public void Parse_AssistantToolCallWithNullContent_Accepted()
    {
        var request = Parse(
            """{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"}]}""");

        Assert.Equal(2, request.Messages.Count);
        Assert.True(request.Messages[0].ExtraTokens > 0);
    }
}
