using System.Text;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>The parts of a chat completion request the emulator acts on; everything else in the body is ignored.</summary>
/// <param name="Model">The requested model, echoed back.</param>
/// <param name="Messages">The prompt.</param>
/// <param name="ToolsText">Raw JSON of <c>tools</c> (counted as prompt tokens, like OpenAI), or empty.</param>
/// <param name="MaxCompletionTokens"><c>max_completion_tokens</c>, else <c>max_tokens</c>, else null.</param>
/// <param name="ChoiceCount"><c>n</c>.</param>
/// <param name="ServiceTier">The requested <c>service_tier</c>, if any.</param>
/// <param name="PromptCacheKey">The <c>prompt_cache_key</c>, if any: it steers which machine's cache serves the prompt.</param>
internal sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<ChatPromptMessage> Messages,
    string ToolsText,
    int? MaxCompletionTokens,
    int ChoiceCount,
    string? ServiceTier,
    string? PromptCacheKey = null)
{
    /// <summary>Prompt tokens as OpenAI would bill them (estimated).</summary>
    public int PromptTokens()
    {
        var tokens = TokenEstimator.CountText(ToolsText) + TokenEstimator.ReplyPrimingTokens;
        foreach (var message in Messages)
        {
            tokens += TokenEstimator.PerMessageTokens + TokenEstimator.CountText(message.Text) + message.ExtraTokens;
        }

        return tokens;
    }

    /// <summary>The prompt flattened in order (tools first, like OpenAI): the text the prompt cache compares prefixes of.</summary>
    public string CacheText()
    {
        var text = new StringBuilder(ToolsText);
        foreach (var message in Messages)
        {
            text.Append(message.Role).Append('\n').Append(message.Text).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The text of the last user message, or null when there is none.</summary>
    public string? LastUserText() => Messages.LastOrDefault(m => m.Role == "user")?.Text;
}
