namespace BatchInference.Providers.Batches;

/// <summary>One request of a batch.</summary>
/// <param name="CustomId">
/// The id the provider echoes in the result. The engine uses its own ids (<c>l&lt;sequence&gt;</c>), which fit every
/// provider's rules (Anthropic allows <c>^[a-zA-Z0-9_-]{1,64}$</c>).
/// </param>
/// <param name="Body">The JSON body, sent byte for byte.</param>
public sealed record BatchInputLine(string CustomId, ReadOnlyMemory<byte> Body);
