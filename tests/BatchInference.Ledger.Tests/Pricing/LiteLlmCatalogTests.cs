using System.Text;
using BatchInference.Ledger.Pricing;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Pricing;

/// <summary>
/// A LiteLLM-format price list (<c>samples/catalog.litellm.json</c>, written for these tests in the format of LiteLLM's
/// <c>model_prices_and_context_window.json</c>) read as a catalog.
/// </summary>
public sealed class LiteLlmCatalogTests
{
    private static readonly string SamplePath = Path.Combine(RepoPaths.Root, "samples", "catalog.litellm.json");

    private static readonly PriceCatalogLoad Sample = PriceCatalog.ReadFile(SamplePath);

    private static PriceCatalog Catalog => Sample.Catalog;

    [Fact]
    public void Read_LiteLlmFile_IsDetectedAndVersionedByItsContent()
    {
        var again = PriceCatalog.ReadFile(SamplePath);
        var native = PriceCatalog.ReadFile(Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json"));

        Assert.Equal(PriceCatalogFormat.LiteLlm, Sample.Format);
        Assert.Matches("^litellm-[0-9a-f]{12}$", Catalog.Version);
        Assert.Equal(Catalog.Version, again.Catalog.Version);
        Assert.Equal("USD", Catalog.Currency);
        Assert.Equal(["openai", "azure-openai", "anthropic"], Catalog.Providers.Select(p => p.Name));
        Assert.Equal(PriceCatalogFormat.Native, native.Format);
        Assert.Empty(native.Warnings);
    }

    [Theory]
    // Per-token figures times a million, exactly: 2.5e-06 is 2.5, and the float artefact 1.5000000000000002e-06 is 1.5.
    [InlineData("openai", "gpt-4o", "realtime", "2.5", "1.25", "10")]
    [InlineData("openai", "gpt-4o", "batch", "1.25", "0.625", "5")]
    [InlineData("openai", "gpt-3.5-turbo", "realtime", "0.5", "0.5", "1.5")]
    [InlineData("openai", "gpt-5-mini", "flex", "0.125", "0.0125", "1")]
    [InlineData("openai", "text-embedding-3-small", "batch", "0.01", "0.01", "0")]
    [InlineData("azure-openai", "gpt-4o-mini", "realtime", "0.15", "0.075", "0.6")]
    [InlineData("anthropic", "claude-3-5-haiku-20241022", "batch", "0.4", "0.04", "2")]
    public void Read_PerTokenPrices_BecomePerMillionPrices(string provider, string model, string tier, string input, string cached, string output)
    {
        Assert.True(Catalog.TryGetPrice(provider, model, tier, out var price), $"{provider}/{model}/{tier}");

        Assert.Equal((Money(input), Money(cached), Money(output)), (price.InputPerMillion, price.CachedInputPerMillion, price.OutputPerMillion));
        Assert.Equal(input, price.InputPerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Read_AnthropicEntries_MapCacheWritesOrDefaultThemToFiveQuartersOfInput()
    {
        Assert.True(Catalog.TryGetPrice("anthropic", "claude-3-5-haiku-20241022", "realtime", out var haiku));
        Assert.True(Catalog.TryGetPrice("anthropic", "claude-3-5-haiku-20241022", "batch", out var haikuBatch));
        Assert.True(Catalog.TryGetPrice("anthropic", "claude-sonnet-4-5", "realtime", out var sonnet));
        Assert.True(Catalog.TryGetPrice("anthropic", "claude-sonnet-4-5", "batch", out var sonnetBatch));

        Assert.Equal((0.08m, 1m), (haiku.CachedInputPerMillion, haiku.CacheWritePerMillion));
        Assert.Equal(0.5m, haikuBatch.CacheWritePerMillion);
        Assert.Equal((3m, 0.3m, 3.75m, 15m), (sonnet.InputPerMillion, sonnet.CachedInputPerMillion, sonnet.CacheWritePerMillion, sonnet.OutputPerMillion));
        Assert.Equal((1.5m, 0.15m, 1.875m, 7.5m), (sonnetBatch.InputPerMillion, sonnetBatch.CachedInputPerMillion, sonnetBatch.CacheWritePerMillion, sonnetBatch.OutputPerMillion));
        Assert.Null(Catalog.Prices.Single(p => p.SkuId == "openai/gpt-4o/realtime").CacheWritePerMillion);
        Assert.Contains(Sample.Warnings, w => w.StartsWith("Anthropic cache writes at 1.25x input (no cache_creation_input_token_cost): 1 (claude-sonnet-4-5)", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AzureEntries_KeepTheGlobalPriceAndSkipDataZones()
    {
        Assert.True(Catalog.TryGetOffer("azure-openai", "gpt-4o-mini", "realtime", out var offer));

        Assert.Equal((0.15m, "global"), (offer.Price.InputPerMillion, offer.Region));
        Assert.Single(Catalog.Offers, o => o.Provider == "azure-openai" && o.Tier == "realtime");
        Assert.Contains(Sample.Warnings, w => w.StartsWith("Azure data-zone and regional entries, skipped", StringComparison.Ordinal) && w.Contains("azure/eu/gpt-4o-mini", StringComparison.Ordinal));
        Assert.Contains(Sample.Warnings, w => w.StartsWith("entries naming a model already read, skipped: 1 (azure/gpt-4o-mini (kept azure/global/gpt-4o-mini))", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_FlexTier_OnlyWhereTheListPricesFlex()
    {
        var flex = Catalog.Offers.Where(o => o.Tier == "flex").Select(o => o.Price.SkuId);

        Assert.Equal(["openai/gpt-5-mini/flex"], flex);
    }

    [Fact]
    public void Read_ModelUnknownToTheBuiltInCatalog_IsPricedWithTheDefaultBatchDiscountAndConservativeLimits()
    {
        var builtIn = PriceCatalog.BuiltIn();
        var slowestOpenAI = builtIn.Offers.Where(o => o.Provider == "openai" && o.Tier == "realtime")
            .OrderBy(o => o.Limits.RequestsPerMinute).ThenBy(o => o.Limits.TokensPerMinute).First().Limits;
        Assert.True(builtIn.TryGetOffer("openai", "gpt-4o", "batch", out var builtInBatch));

        Assert.False(builtIn.KnowsModel("o1-mini"));
        Assert.True(Catalog.TryGetOffer("openai", "o1-mini", "realtime", out var realtime));
        Assert.True(Catalog.TryGetOffer("openai", "o1-mini", "batch", out var batch));
        Assert.Equal((1.1m, 0.55m, 4.4m), (realtime.Price.InputPerMillion, realtime.Price.CachedInputPerMillion, realtime.Price.OutputPerMillion));
        Assert.Equal((0.55m, 0.275m, 2.2m), (batch.Price.InputPerMillion, batch.Price.CachedInputPerMillion, batch.Price.OutputPerMillion));
        Assert.Equal(slowestOpenAI, realtime.Limits);
        Assert.Equal((builtInBatch.Limits, builtInBatch.Completion), (batch.Limits, batch.Completion));
        Assert.Equal(0.00605m, CostCalculator.Cost(realtime.Price, new TokenCounts(2_000, 1_000, 1_000, 0)));
        Assert.Contains(Sample.Warnings, w => w.StartsWith("batch tier at the default 50 % batch discount", StringComparison.Ordinal) && w.Contains("o1-mini", StringComparison.Ordinal));
        Assert.Contains(Sample.Warnings, w => w.StartsWith("realtime rate limits from the built-in openai default (", StringComparison.Ordinal) && w.Contains("o1-mini", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_LimitsInTheList_WinOverDefaults()
    {
        Assert.True(Catalog.TryGetOffer("openai", "gpt-4o", "realtime", out var offer));

        Assert.Equal(new TierLimits { RequestsPerMinute = 500, TokensPerMinute = 30_000 }, offer.Limits);
        Assert.DoesNotContain(Sample.Warnings, w => w.StartsWith("realtime rate limits", StringComparison.Ordinal) && w.Contains("gpt-4o,", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Warnings_NameWhatWasSkippedAndWhatWasNotMapped()
    {
        Assert.Contains("entries of providers the catalog does not price, skipped: 1 (bedrock 1)", Sample.Warnings);
        Assert.Contains("entries of modes the catalog does not price, skipped: 1 (image_generation 1)", Sample.Warnings);
        Assert.Contains(Sample.Warnings, w => w.StartsWith("price fields not modelled (ignored): 2 (input_cost_per_token_above_200k_tokens 1, output_cost_per_token_above_200k_tokens 1)", StringComparison.Ordinal));
        Assert.Contains(Sample.Warnings, w => w.StartsWith("fields with no place in the catalog (ignored): ", StringComparison.Ordinal)
            && w.Contains("max_input_tokens 4", StringComparison.Ordinal) && w.Contains("supports_* 3", StringComparison.Ordinal));
        Assert.Contains(Sample.Warnings, w => w.StartsWith("cached input priced as input (no cache_read_input_token_cost): 1 (gpt-3.5-turbo)", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_InvalidPrices_AreErrorsNamingTheEntry()
    {
        const string json = """
            {"gpt-x": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": -1e-06, "output_cost_per_token": "cheap"},
             "bedrock/x": {"litellm_provider": "bedrock", "mode": "chat", "input_cost_per_token": -1}}
            """;

        var ex = Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "bad.json"));

        Assert.Equal("Price catalog bad.json (LiteLLM format) has 1 problem(s): 'gpt-x': input_cost_per_token, output_cost_per_token must be a number >= 0", ex.Message);
        Assert.Equal(["'gpt-x': input_cost_per_token, output_cost_per_token must be a number >= 0"], ex.Problems);
    }

    [Theory]
    [InlineData("""{"o1-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.1e-06, "output_cost_per_token": 4.4e-06}}""")]
    [InlineData("""{"version": "v", "currency": "USD", "prices": [{"provider": "openai", "model": "o1-mini", "tier": "realtime", "input": 1.1, "cached_input": 1.1, "output": 4.4}]}""")]
    public void Read_FileWithAUtf8ByteOrderMark_IsRead(string json)
    {
        var withBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        var catalog = PriceCatalog.Load(new MemoryStream([.. withBom.GetPreamble(), .. withBom.GetBytes(json)]), "bom.json");

        Assert.True(catalog.TryGetPrice("openai", "o1-mini", "realtime", out var price));
        Assert.Equal(1.1m, price.InputPerMillion);
    }

    [Fact]
    public void Read_NothingPriceable_IsAnError()
    {
        const string json = """{"sample_spec": {}, "bedrock/x": {"litellm_provider": "bedrock", "mode": "chat", "input_cost_per_token": 1e-06}}""";

        var ex = Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "none.json"));

        Assert.Contains("no OpenAI, Azure OpenAI or Anthropic chat, completion, responses or embedding entry", ex.Message, StringComparison.Ordinal);
    }

    private static decimal Money(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
