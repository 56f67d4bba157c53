using System.Text;
using BatchInference.Ledger.Pricing;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Pricing;

public sealed partial class PriceCatalogTests
{
    [Fact]
    public void Load_TierFields_ReadsLimitsCompletionRegionDeploymentCacheWriteAndProviders()
    {
        const string json = """
            {"version": "x", "currency": "USD", "fallback_margin": "90s",
             "providers": [
               {"name": "azure-openai", "kind": "azure-openai", "regions": ["swedencentral", "global"], "tiers": ["realtime", "batch"]},
               {"name": "anthropic", "kind": "anthropic", "regions": ["us"], "tiers": ["realtime"]}
             ],
             "prices": [
               {"provider": "azure-openai", "model": "gpt-4.1-mini", "tier": "batch", "region": "swedencentral", "deployment": "mini-batch",
                "input": 0.2, "cached_input": 0.2, "output": 0.8,
                "limits": {"max_batch_lines": 100000, "max_batch_bytes": 200000000},
                "completion": {"p50": "1.5h", "p95": "8h", "max": "1d"}},
               {"provider": "anthropic", "model": "claude-haiku-4-5", "tier": "realtime", "input": 1, "cached_input": 0.1, "cache_write": 1.25, "output": 5,
                "limits": {"rpm": 50, "input_tpm": 50000, "output_tpm": 10000, "tpm": 60000}}
             ]}
            """;

        var catalog = Load(json);

        Assert.Equal(TimeSpan.FromSeconds(90), catalog.FallbackMargin);
        Assert.True(catalog.TryGetOffer("azure-openai", "gpt-4.1-mini", "batch", out var batch));
        Assert.Equal(new CompletionTimes(TimeSpan.FromMinutes(90), TimeSpan.FromHours(8), TimeSpan.FromDays(1)), batch.Completion);
        Assert.Equal(new TierLimits { MaxBatchLines = 100_000, MaxBatchBytes = 200_000_000 }, batch.Limits);
        Assert.Equal("swedencentral", batch.Region);
        Assert.Equal("mini-batch", batch.DeploymentOrModel);
        Assert.Null(batch.Price.CacheWritePerMillion);
        Assert.True(catalog.TryGetOffer("anthropic", "claude-haiku-4-5-2025-10-01", "realtime", out var haiku));
        Assert.Equal(1.25m, haiku.Price.CacheWritePerMillion);
        Assert.Equal(new TierLimits { RequestsPerMinute = 50, TokensPerMinute = 60_000, InputTokensPerMinute = 50_000, OutputTokensPerMinute = 10_000 }, haiku.Limits);
        Assert.Null(haiku.Completion);
        Assert.Equal("claude-haiku-4-5", haiku.DeploymentOrModel);
        Assert.Equal(["azure-openai", "anthropic"], catalog.Providers.Select(p => p.Name));
        Assert.Equal(ProviderKind.AzureOpenAI, catalog.Providers[0].Kind);
        Assert.Equal(["swedencentral", "global"], catalog.Providers[0].Regions);
        Assert.Equal(["realtime", "batch"], catalog.Providers[0].Tiers);
        Assert.Equal(ProviderKind.Anthropic, catalog.FindProvider("anthropic")!.Kind);
        Assert.Null(catalog.FindProvider("openai"));
    }

    [Fact]
    public void Load_CatalogWithoutTierFields_ImpliesProvidersAndKeepsPricesAsBefore()
    {
        const string json = """
            {"version": "x", "currency": "USD", "prices": [
              {"provider": "openai", "model": "m", "tier": "realtime", "input": 1, "cached_input": 0.5, "output": 2},
              {"provider": "openai", "model": "m", "tier": "batch", "input": 0.5, "cached_input": 0.25, "output": 1},
              {"provider": "my-vllm", "model": "m", "tier": "spot", "input": 0.1, "cached_input": 0.1, "output": 0.2}
            ]}
            """;

        var catalog = Load(json);

        Assert.Null(catalog.FallbackMargin);
        Assert.True(catalog.TryGetOffer("openai", "m", "batch", out var batch));
        Assert.Same(TierLimits.None, batch.Limits);
        Assert.Null(batch.Completion);
        Assert.Equal(new ModelPrice("openai", "m", "batch", 0.5m, 0.25m, 1m), batch.Price);
        Assert.Equal(["openai", "my-vllm"], catalog.Providers.Select(p => p.Name));
        Assert.Equal(ProviderKind.OpenAI, catalog.FindProvider("openai")!.Kind);
        Assert.Equal(["realtime", "batch"], catalog.FindProvider("openai")!.Tiers);
        Assert.Equal(ProviderKind.OpenAICompatible, catalog.FindProvider("my-vllm")!.Kind);
        Assert.Empty(catalog.FindProvider("my-vllm")!.Regions);
    }

    [Fact]
    public void Load_BadTierFields_ReportsEveryProblemWithItsEntryIndex()
    {
        const string json = """
            {"version": "x", "currency": "USD", "fallback_margin": "soon",
             "providers": [
               {"name": "openai", "kind": "openai", "regions": ["us"], "tiers": ["realtime", "batch"]},
               {"name": "odd", "kind": "bedrock"},
               {"kind": "openai"}
             ],
             "prices": [
               {"provider": "openai", "model": "a", "tier": "batch", "input": 1, "cached_input": 1, "output": 1, "completion": {"p50": "1h", "p95": "4x", "max": "24h"}},
               {"provider": "openai", "model": "b", "tier": "batch", "input": 1, "cached_input": 1, "output": 1, "completion": {"p50": "1h", "p95": "4h"}},
               {"provider": "openai", "model": "c", "tier": "batch", "input": 1, "cached_input": 1, "output": 1, "completion": {"p50": "5h", "p95": "4h", "max": "24h"}},
               {"provider": "openai", "model": "d", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1, "completion": {"p50": "1h", "p95": "4h", "max": "24h"}},
               {"provider": "openai", "model": "e", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1, "limits": {"rpm": 0}},
               {"provider": "openai", "model": "f", "tier": "flex", "input": 1, "cached_input": 1, "output": 1},
               {"provider": "openai", "model": "g", "tier": "realtime", "region": "eu", "input": 1, "cached_input": 1, "output": 1},
               {"provider": "nobody", "model": "h", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1},
               {"provider": "openai", "model": "i", "tier": "realtime", "input": 1, "cached_input": 1, "cache_write": -1, "output": 1},
               {"provider": "openai", "model": "ok", "tier": "batch", "input": 1, "cached_input": 1, "output": 1, "completion": {"p50": "500ms", "p95": "15s", "max": "24s"}}
             ]}
            """;

        var ex = Assert.Throws<PriceCatalogException>(() => Load(json));

        Assert.Contains("12 problem(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fallback_margin: 'soon' is not a duration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("providers[1] (odd): kind 'bedrock' is not one of openai, azure-openai, anthropic, openai-compatible", ex.Message, StringComparison.Ordinal);
        Assert.Contains("providers[2]: name is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[0] (a/batch): completion.p95 '4x' is not a duration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[1] (b/batch): completion.max is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[2] (c/batch): completion needs p50 <= p95 <= max", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[3] (d/realtime): completion applies to the batch tier only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[4] (e/realtime): limits.rpm must be at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[5] (f/flex): provider openai does not list tier flex", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[6] (g/realtime): region eu is not one of provider openai's regions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[7] (h/realtime): provider nobody is not in 'providers'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("prices[8] (i/realtime): input, cached_input and output must be present and >= 0", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("prices[9]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownLimitName_IsRejected()
    {
        const string json = """
            {"version": "x", "currency": "USD", "prices": [
              {"provider": "openai", "model": "m", "tier": "realtime", "input": 1, "cached_input": 1, "output": 1, "limits": {"rpd": 10}}
            ]}
            """;

        var ex = Assert.Throws<PriceCatalogException>(() => Load(json));

        Assert.Contains("rpd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_EmulatorSample_IsAValidCatalogWithCompressedBatchTimes()
    {
        var catalog = PriceCatalog.LoadFile(Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json"));

        Assert.Equal(TimeSpan.FromSeconds(2), catalog.FallbackMargin);
        Assert.Equal(["openai", "anthropic", "spot"], catalog.Providers.Select(p => p.Name));
        Assert.Equal(ProviderKind.OpenAICompatible, catalog.FindProvider("spot")!.Kind);
        var batches = catalog.Offers.Where(o => o.Tier == "batch").ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(
            new CompletionTimes(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(24)), b.Completion));
        // Same model names as the built-in catalog, so a job planned on the emulator is priced like the real thing.
        var builtIn = PriceCatalog.BuiltIn();
        Assert.All(catalog.Offers.Where(o => o.Tier != "spot"), o =>
        {
            Assert.True(builtIn.TryGetPrice(o.Provider, o.Model, o.Tier, out var published), o.Price.SkuId);
            Assert.Equal(published with { CacheWritePerMillion = o.Price.CacheWritePerMillion }, o.Price);
        });
    }

    private static PriceCatalog Load(string json) => PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");
}
