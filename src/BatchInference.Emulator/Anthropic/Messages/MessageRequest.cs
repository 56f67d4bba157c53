using BatchInference.Emulator.Caching;
using BatchInference.Emulator.OpenAI.Chat;

namespace BatchInference.Emulator.Anthropic.Messages;

/// <summary>
/// The parts of an Anthropic Messages request the emulator acts on, expressed as the chat request the shared reply
/// generator and token estimator already understand (the system prompt becomes a leading system message).
/// </summary>
/// <param name="Model">The requested model, echoed back.</param>
/// <param name="MaxTokens"><c>max_tokens</c>, required by Anthropic.</param>
/// <param name="Prompt">The same prompt as a chat request.</param>
/// <param name="CacheBlocks">The prompt's blocks in cache order, with the request's <c>cache_control</c> breakpoints.</param>
internal sealed record MessageRequest(string Model, int MaxTokens, ChatCompletionRequest Prompt, IReadOnlyList<AnthropicCacheBlock> CacheBlocks)
{
    /// <summary>What the token limiter charges: the prompt plus the most the reply may use.</summary>
    public int TokenCost => Prompt.PromptTokens() + MaxTokens;
}
