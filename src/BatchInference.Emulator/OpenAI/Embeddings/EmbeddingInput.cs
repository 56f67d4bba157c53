namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>One input to embed: what its vector is derived from, and its token count.</summary>
/// <param name="Identity">The text, or the token ids joined, tagged by kind so "12" and [12] differ.</param>
/// <param name="Tokens">Prompt tokens it costs.</param>
internal sealed record EmbeddingInput(string Identity, int Tokens);
