namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>The parts of an embeddings request the emulator acts on.</summary>
/// <param name="Model">The requested model, echoed back.</param>
/// <param name="Inputs">The inputs, in order.</param>
/// <param name="Base64">True for <c>encoding_format: "base64"</c> (what the .NET SDK asks for), false for floats.</param>
/// <param name="Dimensions">Length of each vector.</param>
internal sealed record EmbeddingRequest(string Model, IReadOnlyList<EmbeddingInput> Inputs, bool Base64, int Dimensions)
{
    public int PromptTokens() => Inputs.Sum(i => i.Tokens);
}
