namespace BatchInference.Emulator;

/// <summary>One request the emulator answered, billable or not.</summary>
/// <param name="At">When the request arrived, from the emulator's clock.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Model">The <c>model</c> of the body, when the body could be read.</param>
/// <param name="StatusCode">HTTP status code of the answer.</param>
/// <param name="Billable">True for a successful (2xx) model call: what a provider would charge for.</param>
/// <param name="PromptTokens">Prompt (input) tokens charged; 0 when not billable.</param>
/// <param name="CachedTokens">Of <paramref name="PromptTokens"/>, how many came from the prompt cache.</param>
/// <param name="CompletionTokens">Completion (output) tokens charged, reasoning tokens included.</param>
/// <param name="RequestId">The <c>x-request-id</c> the emulator returned.</param>
/// <param name="ClientRequestId">
/// The <c>X-Client-Request-Id</c> request header, when the client sent one; for a batch line, its <c>custom_id</c>.
/// </param>
/// <param name="Tier">How the call was served: <see cref="EmulatorTiers.Realtime"/>, <see cref="EmulatorTiers.Batch"/> or <see cref="EmulatorTiers.Flex"/>.</param>
/// <param name="Provider">Whose API was imitated: <see cref="EmulatorProviders.OpenAI"/> or <see cref="EmulatorProviders.Anthropic"/>.</param>
/// <param name="BatchId">For a batch line, the id of its batch (<c>batch_…</c> or <c>msgbatch_…</c>); otherwise null.</param>
/// <param name="CacheWriteTokens">Of <paramref name="PromptTokens"/>, how many were written to the prompt cache (Anthropic, billed at 1.25×).</param>
public sealed record EmulatorRequestRecord(
    DateTimeOffset At,
    string Method,
    string Path,
    string? Model,
    int StatusCode,
    bool Billable,
    int PromptTokens,
    int CachedTokens,
    int CompletionTokens,
    string RequestId,
    string? ClientRequestId,
    string Tier = EmulatorTiers.Realtime,
    string Provider = EmulatorProviders.OpenAI,
    string? BatchId = null,
    int CacheWriteTokens = 0);
