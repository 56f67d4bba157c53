using System.Text;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Ledger.Tests.Pricing;

public sealed partial class PriceCatalogTests
{
    [Theory]
    [InlineData("gpt-4.1-mini", "realtime", "0.40", "0.10", "1.60")]
    [InlineData("gpt-4o-mini", "realtime", "0.15", "0.075", "0.60")]
    [InlineData("gpt-4.1-mini", "batch", "0.20", "0.05", "0.80")]
    [InlineData("text-embedding-3-small", "realtime", "0.02", "0.02", "0")]
    public void BuiltIn_PublishedModel_HasListPrices(string model, string tier, string input, string cached, string output)
    {
        var catalog = PriceCatalog.BuiltIn();

        Assert.True(catalog.TryGetPrice("openai", model, tier, out var price));
        Assert.Equal(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture), price.InputPerMillion);
        Assert.Equal(decimal.Parse(cached, System.Globalization.CultureInfo.InvariantCulture), price.CachedInputPerMillion);
        Assert.Equal(decimal.Parse(output, System.Globalization.CultureInfo.InvariantCulture), price.OutputPerMillion);
    }

    [Fact]
    public void BuiltIn_EveryBatchAndFlexPrice_IsHalfOfRealtime()
    {
        var catalog = PriceCatalog.BuiltIn();

        foreach (var discounted in catalog.Prices.Where(p => p.Tier is "batch" or "flex"))
        {
            Assert.True(catalog.TryGetPrice(discounted.Provider, discounted.Model, "realtime", out var standard), discounted.SkuId);
            Assert.Equal(standard.InputPerMillion / 2, discounted.InputPerMillion);
            Assert.Equal(standard.OutputPerMillion / 2, discounted.OutputPerMillion);
        }
    }

    [Fact]
    public void TryGetPrice_DatedSnapshot_UsesBaseModelPrice()
    {
        var catalog = PriceCatalog.BuiltIn();

        Assert.True(catalog.TryGetPrice("openai", "gpt-4.1-mini-2025-04-14", "realtime", out var price));
        Assert.Equal("gpt-4.1-mini", price.Model);
        Assert.True(catalog.KnowsModel("gpt-4o-mini-2024-07-18"));
        Assert.False(catalog.KnowsModel("gpt-unknown-9"));
        Assert.False(catalog.TryGetPrice("openai", "gpt-4.1-mini", "spot", out _));
    }

    [Fact]
    public void Load_InvalidEntries_ReportsEveryProblem()
    {
        const string json = """
            {"version": "x", "currency": "USD", "prices": [
              {"provider": "openai", "model": "m", "tier": "realtime", "input": -1, "cached_input": 0, "output": 1},
              {"provider": "openai", "model": "m", "tier": "batch", "input": 1, "output": 1},
              {"provider": "openai", "model": "n", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1},
              {"provider": "openai", "model": "n", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1},
              {"model": "o", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1}
            ]}
            """;

        var ex = Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json"));

        Assert.Contains("4 problem(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[3]: duplicate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[4]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownField_IsRejected()
    {
        const string json = """{"version": "x", "currency": "USD", "prices": [], "currncy": "EUR"}""";

        var ex = Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "typo.json"));

        Assert.Contains("typo.json", ex.Message, StringComparison.Ordinal);
    }
}
