namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>One generated choice.</summary>
/// <param name="Index">Position in <c>choices</c>.</param>
/// <param name="Content">The assistant message text.</param>
/// <param name="FinishReason"><c>stop</c>, or <c>length</c> when the token limit cut it.</param>
/// <param name="CompletionTokens">Output tokens of this choice, reasoning included.</param>
/// <param name="ReasoningTokens">Of those, hidden reasoning tokens.</param>
internal sealed record ChatChoice(int Index, string Content, string FinishReason, int CompletionTokens, int ReasoningTokens);
