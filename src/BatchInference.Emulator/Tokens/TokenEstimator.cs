namespace BatchInference.Emulator.Tokens;

/// <summary>
/// Deterministic token counts close to what OpenAI's tokenizers report for English text: about four characters per
/// token, plus the per-message framing the chat format adds (OpenAI's cookbook: 3 tokens per message, 1 for the role,
/// 3 to prime the reply).
/// </summary>
internal static class TokenEstimator
{
    public const int CharsPerToken = 4;
    public const int PerMessageTokens = 4;
    public const int NameTokens = 1;
    public const int ReplyPrimingTokens = 3;

    /// <summary>Low-detail image price; the emulator does not look at the image.</summary>
    public const int ImagePartTokens = 85;

    public static int CountText(string text) => (text.Length + CharsPerToken - 1) / CharsPerToken;

    /// <summary>The first <paramref name="tokens"/> tokens of <paramref name="text"/> (used to truncate at max_tokens).</summary>
    public static string Truncate(string text, int tokens) =>
        text.Length <= (long)tokens * CharsPerToken ? text : text[..(tokens * CharsPerToken)];
}
