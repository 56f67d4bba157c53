namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>A valid chat completion request and the answer the emulated model will give it, before it is admitted.</summary>
/// <param name="Request">The parsed request.</param>
/// <param name="Choices">The generated choices.</param>
/// <param name="PromptTokens">Prompt tokens as OpenAI would bill them.</param>
/// <param name="CompletionTokens">Output tokens of all choices.</param>
internal sealed record ChatCompletionPlan(ChatCompletionRequest Request, IReadOnlyList<ChatChoice> Choices, int PromptTokens, int CompletionTokens)
{
    /// <summary>What the token limiter charges: like OpenAI, the prompt plus the most the reply may use.</summary>
    public int TokenCost => PromptTokens + (Request.MaxCompletionTokens is int max ? max * Request.ChoiceCount : CompletionTokens);
}
