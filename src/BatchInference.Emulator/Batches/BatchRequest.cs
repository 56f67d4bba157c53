namespace BatchInference.Emulator.Batches;

/// <summary>One request of a batch, as accepted at creation.</summary>
/// <param name="Line">1-based position in the input (file line for OpenAI, array index + 1 for Anthropic).</param>
/// <param name="CustomId">The caller's id, echoed in the results.</param>
/// <param name="Url">The API path that answers it, e.g. <c>/v1/chat/completions</c> or <c>/v1/messages</c>.</param>
/// <param name="Body">The JSON request body, byte for byte.</param>
internal sealed record BatchRequest(int Line, string CustomId, string Url, byte[] Body);
