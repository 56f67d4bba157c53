namespace BatchInference.Ledger.Focus;

/// <summary>
/// Who provides, publishes and invoices a provider's charges, and which billing account they land on. The pipeline holds
/// API credentials, not the provider's account records, so these are configuration-free defaults.
/// </summary>
/// <param name="ProviderName">ProviderName: the entity that made the service available for purchase.</param>
/// <param name="PublisherName">PublisherName: the entity that produced the service.</param>
/// <param name="InvoiceIssuerName">InvoiceIssuerName: the entity that invoices it.</param>
/// <param name="ServiceName">ServiceName: the offering.</param>
/// <param name="BillingAccountId">
/// BillingAccountId, which must not be null and must be unique within the provider: the provider key (<c>openai</c>),
/// standing for the one account this deployment's credentials bill to. The provider's own organisation id is not visible
/// through the inference API.
/// </param>
internal sealed record FocusParties(
    string ProviderName, string PublisherName, string InvoiceIssuerName, string ServiceName, string BillingAccountId)
{
    /// <summary>
    /// Parties for a ledger provider key. First-party APIs are provided, published and invoiced by the same company
    /// (Azure OpenAI is a Microsoft service invoiced by Microsoft). An unknown key (a self-hosted or spot endpoint) is
    /// named by its key.
    /// </summary>
    /// <param name="provider">The ledger's provider key.</param>
    public static FocusParties For(string provider) => provider switch
    {
        "openai" => Same("OpenAI", "OpenAI API", provider),
        "azure-openai" => Same("Microsoft", "Azure OpenAI", provider),
        "anthropic" => Same("Anthropic", "Claude API", provider),
        _ => Same(provider, provider, provider),
    };

    private static FocusParties Same(string name, string service, string account) => new(name, name, name, service, account);
}
