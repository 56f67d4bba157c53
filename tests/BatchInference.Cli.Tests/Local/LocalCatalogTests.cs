using BatchInference.Cli.Local;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Cli.Tests.Local;

public sealed class LocalCatalogTests
{
    private static PriceCatalog Derived(PriceCatalog builtIn) => PriceCatalog.Load(new MemoryStream(LocalCatalog.Json(builtIn)), "local catalog");

    [Fact]
    public void Json_EveryOpenAIAndAnthropicOfferOfTheBuiltInCatalog_IsThereAtItsPrice()
    {
        var builtIn = PriceCatalog.BuiltIn();
        var local = Derived(builtIn);

        var emulated = builtIn.Offers.Where(o => o.Provider is "openai" or "anthropic").ToList();
        Assert.Contains(emulated, o => o.Model == "gpt-4o");
        Assert.Contains(emulated, o => o.Model == "gpt-4.1");
        foreach (var offer in emulated)
        {
            Assert.True(local.TryGetPrice(offer.Provider, offer.Model, offer.Tier, out var price), offer.Price.SkuId);
            Assert.Equal(offer.Price, price);
        }
    }

    [Fact]
    public void Json_CompressesTheClockAndLimits_NotTheModelList()
    {
        var local = Derived(PriceCatalog.BuiltIn());

        Assert.True(local.TryGetOffer("openai", "gpt-4o", "batch", out var batch));
        Assert.Equal(new CompletionTimes(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(24)), batch.Completion);
        Assert.Equal(50_000, batch.Limits.MaxBatchLines);
        Assert.True(local.TryGetOffer("anthropic", "claude-haiku-4-5", "realtime", out var realtime));
        Assert.Equal(new TierLimits { RequestsPerMinute = 9_000 }, realtime.Limits);
        Assert.Equal(TimeSpan.FromSeconds(2), local.FallbackMargin);
        Assert.True(local.TryGetPrice("spot", "gpt-4o", "spot", out var spot));
        Assert.Equal(0.5m, spot.InputPerMillion);
        Assert.Equal(["openai", "anthropic", "spot"], local.Providers.Select(p => p.Name));
    }

    [Theory]
    [InlineData("openai", "gpt-5.2", "1.75")]
    [InlineData("openai", "gpt-4o-2024-05-13", "5")] // the dated exception keeps its own price, not gpt-4o's 2.50
    [InlineData("anthropic", "claude-opus-4-7", "5")]
    public void Json_ModelsAddedToTheBuiltInCatalog_AreThereWithoutEditingTheLocalProfile(string provider, string model, string input)
    {
        var local = Derived(PriceCatalog.BuiltIn());

        Assert.True(local.TryGetPrice(provider, model, "batch", out _), model);
        Assert.True(local.TryGetPrice(provider, model, "realtime", out var price), model);
        Assert.Equal((model, decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture)), (price.Model, price.InputPerMillion));
    }
}
