using System.Globalization;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Ledger.Tests.Pricing;

/// <summary>
/// The built-in catalog against the published figures it cites in its <c>sources</c>: OpenAI's pricing page and batch
/// guide, Azure OpenAI's pricing page and Global Batch guide, Anthropic's pricing, batch-processing and rate-limit pages.
/// </summary>
public sealed partial class PriceCatalogTests
{
    private static readonly PriceCatalog BuiltInCatalog = PriceCatalog.BuiltIn();

    [Theory]
    // platform.openai.com/docs/pricing: flex is at batch rates, for the models OpenAI lists for flex.
    [InlineData("openai", "gpt-5", "flex", "0.625", "0.0625", null, "5.00")]
    [InlineData("openai", "o3", "realtime", "2.00", "0.50", null, "8.00")]
    [InlineData("openai", "o3", "flex", "1.00", "0.25", null, "4.00")]
    [InlineData("openai", "o4-mini", "realtime", "1.10", "0.275", null, "4.40")]
    [InlineData("openai", "o4-mini", "batch", "0.55", "0.1375", null, "2.20")]
    // Azure OpenAI pricing: Global Standard and Global Batch (50 %, no cached-input rate listed).
    [InlineData("azure-openai", "gpt-4.1", "realtime", "2.00", "0.50", null, "8.00")]
    [InlineData("azure-openai", "gpt-4.1-mini", "batch", "0.20", "0.20", null, "0.80")]
    [InlineData("azure-openai", "gpt-4o-mini", "realtime", "0.15", "0.075", null, "0.60")]
    // docs.claude.com pricing: base input, cache hits, 5-minute cache writes, output; batch at 50 %.
    [InlineData("anthropic", "claude-sonnet-4-5", "realtime", "3", "0.30", "3.75", "15")]
    [InlineData("anthropic", "claude-sonnet-4-5", "batch", "1.50", "0.15", "1.875", "7.50")]
    [InlineData("anthropic", "claude-haiku-4-5", "realtime", "1", "0.10", "1.25", "5")]
    [InlineData("anthropic", "claude-haiku-4-5", "batch", "0.50", "0.05", "0.625", "2.50")]
    [InlineData("anthropic", "claude-opus-4-1", "realtime", "15", "1.50", "18.75", "75")]
    [InlineData("anthropic", "claude-opus-4-1", "batch", "7.50", "0.75", "9.375", "37.50")]
    // Added 2026-12-06. developers.openai.com model pages: gpt-4-turbo 10/30, gpt-4 30/60, gpt-3.5-turbo 0.50/1.50, no
    // cached-input rate (priced as input); o1 and o3-mini as OpenAI's pricing page lists them.
    [InlineData("openai", "o1", "realtime", "15", "7.50", null, "60")]
    [InlineData("openai", "o1", "batch", "7.50", "3.75", null, "30")]
    [InlineData("openai", "o3-mini", "realtime", "1.10", "0.55", null, "4.40")]
    [InlineData("openai", "gpt-4-turbo", "realtime", "10", "10", null, "30")]
    [InlineData("openai", "gpt-4", "batch", "15", "15", null, "30")]
    [InlineData("openai", "gpt-3.5-turbo", "realtime", "0.50", "0.50", null, "1.50")]
    [InlineData("azure-openai", "gpt-4o", "realtime", "2.50", "1.25", null, "10")]
    [InlineData("azure-openai", "o4-mini", "batch", "0.55", "0.55", null, "2.20")]
    // platform.claude.com pricing; docs.anthropic.com batch-processing (Haiku 3 0.125/0.625, Haiku 3.5 0.40/2).
    [InlineData("anthropic", "claude-3-haiku", "realtime", "0.25", "0.03", "0.30", "1.25")]
    [InlineData("anthropic", "claude-3-haiku", "batch", "0.125", "0.015", "0.15", "0.625")]
    [InlineData("anthropic", "claude-3-5-haiku", "realtime", "0.80", "0.08", "1", "4")]
    [InlineData("anthropic", "claude-3-5-haiku", "batch", "0.40", "0.04", "0.50", "2")]
    [InlineData("anthropic", "claude-3-7-sonnet", "batch", "1.50", "0.15", "1.875", "7.50")]
    [InlineData("anthropic", "claude-sonnet-4", "realtime", "3", "0.30", "3.75", "15")]
    [InlineData("anthropic", "claude-opus-4", "batch", "7.50", "0.75", "9.375", "37.50")]
    [InlineData("anthropic", "claude-opus-4-5", "realtime", "5", "0.50", "6.25", "25")]
    // Added 2026-12-06 (2026-12-06.2): OpenAI's pricing page as quoted by the sources the catalog names; batch at 50 %.
    [InlineData("openai", "gpt-5.1", "realtime", "1.25", "0.125", null, "10")]
    [InlineData("openai", "gpt-5.1", "batch", "0.625", "0.0625", null, "5")]
    [InlineData("openai", "gpt-5.2", "realtime", "1.75", "0.175", null, "14")]
    [InlineData("openai", "gpt-5.2", "batch", "0.875", "0.0875", null, "7")]
    [InlineData("openai", "gpt-5-pro", "realtime", "15", "15", null, "120")]
    [InlineData("openai", "gpt-5.2-pro", "realtime", "21", "21", null, "168")]
    [InlineData("openai", "gpt-4o-2024-05-13", "realtime", "5", "5", null, "15")]
    [InlineData("openai", "gpt-4o-2024-05-13", "batch", "2.50", "2.50", null, "7.50")]
    [InlineData("anthropic", "claude-opus-4-7", "realtime", "5", "0.50", "6.25", "25")]
    [InlineData("anthropic", "claude-opus-4-7", "batch", "2.50", "0.25", "3.125", "12.50")]
    public void BuiltIn_PublishedTierPrice_MatchesSource(string provider, string model, string tier, string input, string cached, string? cacheWrite, string output)
    {
        Assert.True(BuiltInCatalog.TryGetPrice(provider, model, tier, out var price), $"{provider}/{model}/{tier}");

        Assert.Equal(Money(input), price.InputPerMillion);
        Assert.Equal(Money(cached), price.CachedInputPerMillion);
        Assert.Equal(cacheWrite is null ? null : Money(cacheWrite), price.CacheWritePerMillion);
        Assert.Equal(Money(output), price.OutputPerMillion);
    }

    [Fact]
    public void BuiltIn_AnthropicCacheRates_AreATenthAndFiveQuartersOfInput()
    {
        // Claude Haiku 3 is the exception Anthropic's pricing page lists: 0.30 writes and 0.03 hits on 0.25 input.
        var anthropic = BuiltInCatalog.Prices.Where(p => p.Provider == "anthropic" && p.Model != "claude-3-haiku").ToList();

        Assert.Equal(22, anthropic.Count);
        Assert.All(anthropic, p =>
        {
            Assert.Equal(p.InputPerMillion * 0.1m, p.CachedInputPerMillion);
            Assert.Equal(p.InputPerMillion * 1.25m, p.CacheWritePerMillion);
        });
    }

    [Theory]
    [InlineData("openai", "gpt-4o gpt-4o-2024-05-13 gpt-4o-mini gpt-4.1 gpt-4.1-mini gpt-4.1-nano gpt-5 gpt-5-mini gpt-5-nano gpt-5.1 gpt-5.2 o1 o3 o3-mini o4-mini gpt-4-turbo gpt-4 gpt-3.5-turbo text-embedding-3-small text-embedding-3-large text-embedding-ada-002", "gpt-5-pro gpt-5.2-pro")]
    [InlineData("azure-openai", "gpt-4o gpt-4o-mini gpt-4.1 gpt-4.1-mini gpt-4.1-nano gpt-5 gpt-5-mini gpt-5-nano o1 o3 o3-mini o4-mini", "")]
    [InlineData("anthropic", "claude-3-haiku claude-3-5-haiku claude-3-7-sonnet claude-sonnet-4 claude-sonnet-4-5 claude-sonnet-4-6 claude-opus-4 claude-opus-4-1 claude-opus-4-5 claude-opus-4-6 claude-opus-4-7 claude-haiku-4-5", "")]
    public void BuiltIn_CoversTheModelsEachBatchApiAccepts_InRealtimeAndBatch(string provider, string models, string realtimeOnly)
    {
        var batch = models.Split(' ');
        string[] realtime = [.. batch, .. realtimeOnly.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

        foreach (var (tier, expected) in new[] { ("realtime", realtime), ("batch", batch) })
        {
            var priced = BuiltInCatalog.Prices.Where(p => p.Provider == provider && p.Tier == tier).Select(p => p.Model).Order(StringComparer.Ordinal);
            Assert.Equal(expected.Order(StringComparer.Ordinal), priced);
        }
    }

    [Theory]
    [InlineData("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", "5")] // the dated exception: its own published price
    [InlineData("gpt-4o-2024-08-06", "gpt-4o", "2.50")] // any other snapshot: its base model's
    [InlineData("gpt-5.2-2025-12-11", "gpt-5.2", "1.75")]
    public void BuiltIn_Snapshot_PricedByItsOwnEntryWhereItHasOne(string model, string pricedAs, string input)
    {
        Assert.True(BuiltInCatalog.TryGetPrice("openai", model, "realtime", out var price));

        Assert.Equal((pricedAs, Money(input)), (price.Model, price.InputPerMillion));
    }

    [Fact]
    public void BuiltIn_Flex_OnlyForTheModelsOpenAIListsForFlex()
    {
        var flex = BuiltInCatalog.Prices.Where(p => p.Tier == "flex").Select(p => $"{p.Provider}/{p.Model}").Order(StringComparer.Ordinal);

        Assert.Equal(["openai/gpt-5", "openai/gpt-5-mini", "openai/gpt-5-nano", "openai/o3", "openai/o4-mini"], flex);
    }

    [Theory]
    // OpenAI batch guide: 50,000 requests, 200 MB. Azure Global Batch: 100,000 requests, 200 MB. Anthropic: 100,000, 256 MB.
    [InlineData("openai", 50_000, 200_000_000)]
    [InlineData("azure-openai", 100_000, 200_000_000)]
    [InlineData("anthropic", 100_000, 256_000_000)]
    public void BuiltIn_BatchEntries_HaveTheProvidersLimitsAndA24HourWindow(string provider, long lines, long bytes)
    {
        var batches = BuiltInCatalog.Offers.Where(o => o.Provider == provider && o.Tier == "batch").ToList();

        Assert.NotEmpty(batches);
        Assert.All(batches, b =>
        {
            Assert.Equal(lines, b.Limits.MaxBatchLines);
            Assert.Equal(bytes, b.Limits.MaxBatchBytes);
            Assert.Equal(TimeSpan.FromHours(24), b.Completion!.Max);
            Assert.InRange(b.Completion.P50, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4));
        });
    }

    [Theory]
    // Usage tier 1: platform.openai.com/docs/models/<model>; docs.claude.com/en/api/rate-limits.
    [InlineData("openai", "gpt-4o-mini", 500, 200_000L, null, null)]
    [InlineData("openai", "gpt-4.1", 500, 30_000L, null, null)]
    [InlineData("openai", "text-embedding-3-small", 3_000, 1_000_000L, null, null)]
    [InlineData("anthropic", "claude-sonnet-4-5", 50, null, 30_000L, 8_000L)]
    [InlineData("anthropic", "claude-haiku-4-5", 50, null, 50_000L, 10_000L)]
    public void BuiltIn_RealtimeEntries_HaveTier1RateLimits(string provider, string model, long rpm, long? tpm, long? inputTpm, long? outputTpm)
    {
        Assert.True(BuiltInCatalog.TryGetOffer(provider, model, "realtime", out var offer));

        Assert.Equal(new TierLimits { RequestsPerMinute = rpm, TokensPerMinute = tpm, InputTokensPerMinute = inputTpm, OutputTokensPerMinute = outputTpm }, offer.Limits);
    }

    [Fact]
    public void BuiltIn_EveryRealtimeFlexOrSpotEntry_HasRateLimitsAndEveryProviderIsListed()
    {
        Assert.All(BuiltInCatalog.Offers.Where(o => o.Tier != "batch"), o => Assert.True(o.Limits.HasRateLimits, o.Price.SkuId));
        Assert.Equal(["openai", "azure-openai", "anthropic"], BuiltInCatalog.Providers.Select(p => p.Name));
        Assert.All(BuiltInCatalog.Offers, o => Assert.Contains(o.Tier, BuiltInCatalog.FindProvider(o.Provider)!.Tiers));
    }

    private static decimal Money(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
