namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>
/// The model name a LiteLLM key stands for. Keys carry their provider as a prefix some of the time (<c>openai/gpt-4o</c>,
/// <c>azure/gpt-4o</c>) and Azure keys a deployment type too (<c>azure/global/gpt-4o</c>, <c>azure/eu/gpt-4o</c>): the
/// catalog keeps Azure's Global price, which a <c>global</c> key states outright and a bare <c>azure/</c> key is taken
/// for when no <c>global</c> key names the model.
/// </summary>
internal static class LiteLlmModelName
{
    /// <summary>Reads <paramref name="key"/>; false for an Azure data-zone or regional key, which the catalog does not keep.</summary>
    /// <param name="key">The entry's key.</param>
    /// <param name="litellmProvider">The entry's <c>litellm_provider</c>.</param>
    /// <param name="model">The model name callers send.</param>
    /// <param name="region">The region the price applies to, when the key says (<c>global</c>).</param>
    /// <param name="rank">Lower wins when two keys name the same model: the explicit one over the prefixed or bare one.</param>
    public static bool TryRead(string key, string litellmProvider, out string model, out string? region, out int rank)
    {
        var prefix = litellmProvider + "/";
        var rest = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
        region = null;
        rank = rest.Length == key.Length ? 0 : 1;
        model = rest;
        if (!litellmProvider.StartsWith("azure", StringComparison.Ordinal) || !rest.Contains('/', StringComparison.Ordinal))
        {
            return true;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (rest[..slash] is not ("global" or "global-standard"))
        {
            return false;
        }

        model = rest[(slash + 1)..];
        region = "global";
        rank = 0;
        return true;
    }
}
