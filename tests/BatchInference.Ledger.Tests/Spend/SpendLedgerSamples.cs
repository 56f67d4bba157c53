using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;

namespace BatchInference.Ledger.Tests.Spend;

/// <summary>Ledger entries priced with the built-in catalog, spread over jobs, tiers and (optionally) days.</summary>
internal static class SpendLedgerSamples
{
    public static readonly DateTimeOffset Day = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    public static List<LedgerEntry> Entries(int count, int days = 1, int jobs = 2)
    {
        var catalog = PriceCatalog.BuiltIn();
        var models = new[] { ("gpt-4.1-mini", "realtime"), ("gpt-4o-mini", "batch"), ("text-embedding-3-small", "realtime") };
        var list = new List<LedgerEntry>();
        for (var i = 0; i < count; i++)
        {
            var (model, tier) = models[i % models.Length];
            Assert.True(catalog.TryGetPrice("openai", model, tier, out var price));
            Assert.True(catalog.TryGetPrice("openai", model, "realtime", out var realtimePrice));
            var tokens = new TokenCounts(100 + (i * 37 % 3000), i % 4 == 0 ? 1024 : 0, model.StartsWith("text-", StringComparison.Ordinal) ? 0 : 10 + (i % 300), 0);
            var cost = CostCalculator.Cost(price, tokens);
            var start = Day.AddDays(i % days).AddMilliseconds(i * 17.123);
            list.Add(new LedgerEntry(
                $"job_{(char)('a' + (i % jobs))}", $"req-{i:D5}", (i / jobs) + 1, 1, "openai", model, tier,
                i % 10 == 0 ? null : $"req_{i}", price.SkuId, tokens.Input, tokens.CachedInput, tokens.Output, tokens.Reasoning,
                cost, cost, "USD", catalog.Version, start, start.AddMilliseconds(250),
                i % 7 == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["team"] = "search", ["project"] = "p1" })
            {
                CacheWriteTokens = i % 5 == 0 ? 64 : 0,
                RealtimeListCost = tier == "realtime" ? null : CostCalculator.Cost(realtimePrice, tokens),
                Region = i % 3 == 0 ? "swedencentral" : null,
            });
        }

        return list;
    }

    public static async Task<string> WriteAsync(string path, IEnumerable<LedgerEntry> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await SpendReportWriter.WriteAsync(entries.ToAsyncEnumerable(), file);
        return path;
    }
}
