namespace BatchInference.Ledger.Pricing;

/// <summary>The catalog's spelling of <see cref="ProviderKind"/> values.</summary>
internal static class ProviderKindNames
{
    public const string Expected = "one of openai, azure-openai, anthropic, openai-compatible";

    public static bool TryParse(string? text, out ProviderKind kind)
    {
        (var known, kind) = text switch
        {
            "openai" => (true, ProviderKind.OpenAI),
            "azure-openai" => (true, ProviderKind.AzureOpenAI),
            "anthropic" => (true, ProviderKind.Anthropic),
            "openai-compatible" => (true, ProviderKind.OpenAICompatible),
            _ => (false, ProviderKind.OpenAI),
        };
        return known;
    }

    /// <summary>
    /// The kind of a provider a catalog prices but does not list (catalogs written before providers were listed): the
    /// well-known names keep their API, any other name is taken for an OpenAI-compatible server.
    /// </summary>
    public static ProviderKind Infer(string providerName) =>
        TryParse(providerName, out var kind) ? kind : ProviderKind.OpenAICompatible;
}
