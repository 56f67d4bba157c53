namespace BatchInference.Providers;

/// <summary>Which wire protocol and authentication an endpoint speaks.</summary>
public enum ProviderKind
{
    /// <summary>
    /// OpenAI or any OpenAI-compatible server (the emulator, vLLM, Ollama): <c>Authorization: Bearer</c> key, paths under
    /// a <c>/v1</c> base address.
    /// </summary>
    OpenAI,

    /// <summary>
    /// Azure OpenAI through its v1 API (<c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c>): the OpenAI wire
    /// format with the key in an <c>api-key</c> header and deployment names as models.
    /// </summary>
    AzureOpenAI,

    /// <summary>Anthropic's Messages and Message Batches APIs: <c>x-api-key</c> and <c>anthropic-version</c> headers.</summary>
    Anthropic,
}
