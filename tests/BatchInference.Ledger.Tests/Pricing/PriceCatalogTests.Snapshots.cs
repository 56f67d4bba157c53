using BatchInference.Ledger.Pricing;

namespace BatchInference.Ledger.Tests.Pricing;

public sealed partial class PriceCatalogTests
{
    [Theory]
    [InlineData("openai", "gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("anthropic", "claude-haiku-4-5-20251001", "claude-haiku-4-5")]
    [InlineData("anthropic", "claude-sonnet-4-5-latest", "claude-sonnet-4-5")]
    [InlineData("openai", "gpt-4.1-latest", "gpt-4.1")]
    public void TryGetOffer_SnapshotOrAlias_UsesItsBaseModelsEntry(string provider, string model, string priced)
    {
        var catalog = PriceCatalog.BuiltIn();

        foreach (var tier in new[] { "realtime", "batch" })
        {
            Assert.True(catalog.TryGetOffer(provider, model, tier, out var offer), $"{model} {tier}");
            Assert.Equal(priced, offer.Model);
        }

        Assert.True(catalog.KnowsModel(model));
    }

    [Theory]
    [InlineData("claude-haiku-4-5-2025")]   // not a date
    [InlineData("gpt-4o-99999999")]         // not a plausible date
    [InlineData("latest")]                  // nothing before the alias
    public void TryGetOffer_NotASnapshotName_IsNotTakenForOne(string model)
    {
        Assert.False(PriceCatalog.BuiltIn().KnowsModel(model));
    }

    [Fact]
    public void TryGetOffer_SnapshotWithItsOwnEntry_WinsOverTheBase()
    {
        var catalog = Load("""
            {"version": "x", "currency": "USD", "prices": [
              {"provider": "openai", "model": "gpt-4o", "tier": "realtime", "input": 2.5, "cached_input": 1.25, "output": 10},
              {"provider": "openai", "model": "gpt-4o-2024-05-13", "tier": "realtime", "input": 5, "cached_input": 5, "output": 15}
            ]}
            """);

        Assert.True(catalog.TryGetPrice("openai", "gpt-4o-2024-05-13", "realtime", out var own));
        Assert.Equal(("gpt-4o-2024-05-13", 5m), (own.Model, own.InputPerMillion));
        Assert.True(catalog.TryGetPrice("openai", "gpt-4o-2024-08-06", "realtime", out var baseline));
        Assert.Equal(("gpt-4o", 2.5m), (baseline.Model, baseline.InputPerMillion));
    }

    [Fact]
    public void ClosestModels_MisspeltName_NamesTheNearestFirst()
    {
        var catalog = PriceCatalog.BuiltIn();

        Assert.Equal("gpt-4.1-mini", catalog.ClosestModels("gpt-4.1-mimi")[0]);
        Assert.Equal("claude-haiku-4-5", catalog.ClosestModels("claude-haiku-45")[0]);
        Assert.Equal(3, catalog.ClosestModels("anything").Count);
    }
}
