namespace BatchInference.Ledger.Pricing;

/// <summary>The file formats a price catalog is read from; the reader tells them apart by their content.</summary>
public enum PriceCatalogFormat
{
    /// <summary>This product's catalog: <c>version</c>, <c>currency</c>, <c>providers</c> and <c>prices</c> per tier.</summary>
    Native,

    /// <summary>
    /// LiteLLM's <c>model_prices_and_context_window.json</c>: an object keyed by model name with per-token prices; its
    /// OpenAI, Azure OpenAI and Anthropic chat, completion and embedding entries are read.
    /// </summary>
    LiteLlm,
}
