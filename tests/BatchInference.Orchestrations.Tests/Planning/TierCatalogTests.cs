using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Orchestrations.Tests.Planning;

public sealed class TierCatalogTests
{
    [Theory]
    [InlineData(ProviderKind.Anthropic, "realtime", "/v1/messages", true)]
    [InlineData(ProviderKind.Anthropic, "batch", "/v1/messages", true)]
    [InlineData(ProviderKind.Anthropic, "batch", "/v1/chat/completions", false)]
    [InlineData(ProviderKind.OpenAI, "batch", "/v1/embeddings", true)]
    [InlineData(ProviderKind.OpenAI, "realtime", "/v1/messages", false)]
    [InlineData(ProviderKind.OpenAI, "flex", "/v1/responses", true)]
    [InlineData(ProviderKind.OpenAI, "flex", "/v1/embeddings", false)]
    [InlineData(ProviderKind.AzureOpenAI, "batch", "/v1/chat/completions", true)]
    [InlineData(ProviderKind.OpenAICompatible, "spot", "/v1/embeddings", true)]
    [InlineData(ProviderKind.OpenAI, "realtime", "/v1/completions", true)]
    [InlineData(ProviderKind.OpenAI, "batch", "/v1/completions", true)]
    [InlineData(ProviderKind.OpenAI, "flex", "/v1/completions", false)]
    [InlineData(ProviderKind.AzureOpenAI, "realtime", "/v1/completions", false)]
    [InlineData(ProviderKind.Anthropic, "realtime", "/v1/completions", false)]
    public void Serves_KindTierAndUrl_MatchesWhatTheProviderSpeaks(ProviderKind kind, string tier, string url, bool serves)
    {
        Assert.Equal(serves, TierCatalog.Serves(kind, tier, url));
    }

    [Fact]
    public void RegionsOf_EntryWithARegion_NarrowsItsProvidersRegions()
    {
        var provider = new ProviderInfo("azure-openai", ProviderKind.AzureOpenAI, ["global", "swedencentral"], ["realtime"]);
        var price = new ModelPrice("azure-openai", "m", "realtime", 1, 1, 1);

        Assert.Equal(["swedencentral"], TierCatalog.RegionsOf(new TierOffer(price, TierLimits.None, null, "swedencentral", null), provider));
        Assert.Equal(["global", "swedencentral"], TierCatalog.RegionsOf(new TierOffer(price, TierLimits.None, null, null, null), provider));
    }

    [Fact]
    public void TierCatalog_BuiltIn_KeepsTheCatalogsProviderOrderAndCurrency()
    {
        var catalog = new TierCatalog(PriceCatalog.BuiltIn());

        Assert.Equal(["openai", "azure-openai", "anthropic"], catalog.Providers.Select(p => p.Name));
        Assert.Equal("USD", catalog.Currency);
        Assert.Equal(["realtime", "batch", "flex"], TierCatalog.TiersOf(catalog.Providers[0]));
    }
}
