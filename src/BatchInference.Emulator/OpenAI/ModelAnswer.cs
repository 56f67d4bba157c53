namespace BatchInference.Emulator.OpenAI;

/// <summary>
/// What the emulated model answered to one request body, whether it came over HTTP or as a batch line: the status
/// and JSON body to send, and the tokens a provider bills when the status is 2xx.
/// </summary>
/// <param name="StatusCode">HTTP status of the answer.</param>
/// <param name="Body">The JSON response body (an answer, or the provider's error body).</param>
/// <param name="Model">The requested model, when the body named one.</param>
/// <param name="PromptTokens">Input tokens billed.</param>
/// <param name="CachedTokens">Of those, tokens read from the prompt cache.</param>
/// <param name="CompletionTokens">Output tokens billed.</param>
/// <param name="CacheWriteTokens">Of <paramref name="PromptTokens"/>, tokens written to the prompt cache (Anthropic).</param>
internal sealed record ModelAnswer(int StatusCode, byte[] Body, string? Model, int PromptTokens, int CachedTokens, int CompletionTokens, int CacheWriteTokens = 0)
{
    /// <summary>True for a 2xx answer: what a provider charges for.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    public static ModelAnswer Refused(int statusCode, byte[] errorBody, string? model) => new(statusCode, errorBody, model, 0, 0, 0);
}
