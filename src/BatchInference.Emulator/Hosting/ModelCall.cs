namespace BatchInference.Emulator.Hosting;

/// <summary>What one provider-API request turned out to be; filled by the endpoint, recorded by <see cref="RequestRecordingMiddleware"/>.</summary>
internal sealed class ModelCall(string requestId, string? clientRequestId)
{
    public string RequestId { get; } = requestId;

    public string? ClientRequestId { get; } = clientRequestId;

    public string? Model { get; set; }

    /// <summary>One of <see cref="EmulatorTiers"/>; flex calls set it.</summary>
    public string Tier { get; set; } = EmulatorTiers.Realtime;

    /// <summary>One of <see cref="EmulatorProviders"/>; Anthropic endpoints set it.</summary>
    public string Provider { get; set; } = EmulatorProviders.OpenAI;

    public bool Billed { get; private set; }

    public int PromptTokens { get; private set; }

    public int CachedTokens { get; private set; }

    public int CompletionTokens { get; private set; }

    public int CacheWriteTokens { get; private set; }

    /// <summary>Marks the call as served: a provider charges for it from here on, even if the client goes away.</summary>
    public void Bill(int promptTokens, int cachedTokens, int completionTokens, int cacheWriteTokens = 0)
    {
        Billed = true;
        CacheWriteTokens = cacheWriteTokens;
        PromptTokens = promptTokens;
        CachedTokens = cachedTokens;
        CompletionTokens = completionTokens;
    }
}
