namespace BatchInference.Emulator;

/// <summary>The values of <see cref="EmulatorRequestRecord.Provider"/>.</summary>
public static class EmulatorProviders
{
    /// <summary>OpenAI's wire format (chat completions, embeddings, files, batches); also what Azure OpenAI speaks.</summary>
    public const string OpenAI = "openai";

    /// <summary>Anthropic's wire format (Messages and Message Batches).</summary>
    public const string Anthropic = "anthropic";
}
