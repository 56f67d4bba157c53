using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>
/// The emulated model: a reply that is a pure function of the request body's bytes, short and recognisable, e.g.
/// <c>Emulated reply 3fa2c1d0 to: Summarise the following ticket</c>. Reasoning models (o-series, gpt-5) also spend
/// a deterministic number of hidden reasoning tokens, which count against the token limit first, as on OpenAI.
/// </summary>
internal static class ChatReplyGenerator
{
    private const int QuotedWords = 8;
    private static readonly string[] ReasoningModelPrefixes = ["o1", "o3", "o4", "gpt-5"];

    public static IReadOnlyList<ChatChoice> Generate(ChatCompletionRequest request, ReadOnlySpan<byte> bodyHash)
    {
        var reasoning = IsReasoningModel(request.Model);
        var quote = Quote(request.LastUserText());
        var choices = new ChatChoice[request.ChoiceCount];
        for (var index = 0; index < choices.Length; index++)
        {
            var hash = index == 0 ? bodyHash.ToArray() : StableHash.Of(bodyHash, index);
            var content = $"Emulated reply {StableHash.Hex(hash, 8)} to: {quote}";
            var reasoningTokens = reasoning ? 16 * (1 + (int)(StableHash.ToUInt64(hash) % 8)) : 0;
            choices[index] = Limit(index, content, reasoningTokens, request.MaxCompletionTokens);
        }

        return choices;
    }

    public static bool IsReasoningModel(string model) =>
        ReasoningModelPrefixes.Any(prefix => model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static ChatChoice Limit(int index, string content, int reasoningTokens, int? maxTokens)
    {
        var contentTokens = TokenEstimator.CountText(content);
        if (maxTokens is not int limit || reasoningTokens + contentTokens <= limit)
        {
            return new ChatChoice(index, content, "stop", reasoningTokens + contentTokens, reasoningTokens);
        }

        if (reasoningTokens >= limit)
        {
            return new ChatChoice(index, string.Empty, "length", limit, limit);
        }

        var truncated = TokenEstimator.Truncate(content, limit - reasoningTokens);
        return new ChatChoice(index, truncated, "length", reasoningTokens + TokenEstimator.CountText(truncated), reasoningTokens);
    }

    private static string Quote(string? userText)
    {
        if (string.IsNullOrWhiteSpace(userText))
        {
            return "(no user message)";
        }

        var words = userText.Split((char[]?)null, QuotedWords + 1, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(QuotedWords));
    }
}
