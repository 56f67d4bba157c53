namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>Native vector sizes of OpenAI's embedding models, and which of them can be shortened.</summary>
internal static class EmbeddingModels
{
    public const int DefaultDimensions = 1536;

    public static int NativeDimensions(string model) =>
        model.StartsWith("text-embedding-3-large", StringComparison.OrdinalIgnoreCase) ? 3072 : DefaultDimensions;

    /// <summary>Only the text-embedding-3 family accepts <c>dimensions</c>; ada-002 rejects it.</summary>
    public static bool SupportsDimensions(string model) =>
        !model.StartsWith("text-embedding-ada", StringComparison.OrdinalIgnoreCase);
}
