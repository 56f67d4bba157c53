namespace BatchInference.Orchestrations.Planning;

/// <summary>Which providers and tiers take an endpoint, in words for a line or a shard that nothing can run.</summary>
internal static class UrlSupport
{
    /// <summary>OpenAI's legacy completions endpoint, which its Batch API also accepts.</summary>
    public const string Completions = "/v1/completions";

    public static string Describe(string url) => url switch
    {
        "/v1/messages" => "/v1/messages is Anthropic's API; only an Anthropic provider (real time or Message Batches) runs it.",
        Completions => "/v1/completions runs on OpenAI (real time and Batch API) and OpenAI-compatible servers; Anthropic speaks only "
            + "/v1/messages, Azure OpenAI's v1 API is not sent legacy completions here, and flex takes chat completions and responses only.",
        "/v1/embeddings" => "/v1/embeddings runs on OpenAI, Azure OpenAI and OpenAI-compatible servers (real time and batch), not on flex or Anthropic.",
        _ => $"{url} runs on the OpenAI family (OpenAI, Azure OpenAI, OpenAI-compatible servers), not on Anthropic.",
    };
}
