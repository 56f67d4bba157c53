namespace BatchInference.Ledger.Pricing;

/// <summary>Which API a provider speaks, which decides the endpoints and batch format it supports.</summary>
public enum ProviderKind
{
    /// <summary>OpenAI (<c>openai</c>): chat completions, embeddings, responses, Batch API, flex.</summary>
    OpenAI,

    /// <summary>Azure OpenAI (<c>azure-openai</c>): the OpenAI wire format on deployments, Global Batch.</summary>
    AzureOpenAI,

    /// <summary>Anthropic (<c>anthropic</c>): <c>/v1/messages</c> and Message Batches.</summary>
    Anthropic,

    /// <summary>Any OpenAI-compatible server (<c>openai-compatible</c>), e.g. a spot or self-hosted vLLM endpoint.</summary>
    OpenAICompatible,
}
