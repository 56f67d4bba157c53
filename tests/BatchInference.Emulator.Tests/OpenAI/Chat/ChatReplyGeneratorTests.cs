using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.OpenAI.Chat;

namespace BatchInference.Emulator.Tests.OpenAI.Chat;

public sealed class ChatReplyGeneratorTests
{
    private static ChatCompletionRequest Request(string model, int? maxTokens = null, string user = "one two three four five six seven eight nine ten") =>
        new(model, [new ChatPromptMessage("user", user, 0)], string.Empty, maxTokens, 1, null);

    [Fact]
    public void Generate_LongUserMessage_QuotesFirstEightWords()
    {
        var choice = Assert.Single(ChatReplyGenerator.Generate(Request("gpt-4o"), StableHash.Of("body")));

        Assert.EndsWith("to: one two three four five six seven eight", choice.Content);
        Assert.Equal("stop", choice.FinishReason);
    }

    [Theory]
    [InlineData("o3-mini", true)]
    [InlineData("gpt-5-nano", true)]
    [InlineData("gpt-4o", false)]
    public void Generate_ByModel_SpendsReasoningTokensOnlyForReasoningModels(string model, bool reasoning)
    {
        var choice = Assert.Single(ChatReplyGenerator.Generate(Request(model), StableHash.Of("body")));

        Assert.Equal(reasoning, choice.ReasoningTokens > 0);
        Assert.True(choice.CompletionTokens > choice.ReasoningTokens);
    }

    [Fact]
    public void Generate_ReasoningModelLimitBelowReasoning_ReturnsEmptyContentWithLength()
    {
        var choice = Assert.Single(ChatReplyGenerator.Generate(Request("o4-mini", maxTokens: 5), StableHash.Of("body")));

        Assert.Equal(string.Empty, choice.Content);
        Assert.Equal("length", choice.FinishReason);
        Assert.Equal(5, choice.CompletionTokens);
        Assert.Equal(5, choice.ReasoningTokens);
    }
}
