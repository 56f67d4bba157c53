using System.Text;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Orchestrations.Tests.Planning;

/// <summary>Shard workloads and catalogs for planner tests, with round numbers so expected times can be worked out by hand.</summary>
internal static class Workloads
{
    public const string Chat = "/v1/chat/completions";

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A one-model shard: <paramref name="lines"/> lines of 100 input and 50 output tokens, 1 KB each.</summary>
    public static ShardWorkload Shard(int index, string model, long lines, string url = Chat) =>
        new(index, lines, lines * 1_000, [new ModelWorkload(model, url, lines, lines * 100, lines * 50)]);

    public static ShardWorkload Mixed(int index, params ModelWorkload[] models) =>
        new(index, models.Sum(m => m.Lines), models.Sum(m => m.Lines) * 1_000, models);

    public static TierCatalog BuiltIn() => new(PriceCatalog.BuiltIn());

    public static TierCatalog Catalog(string json) =>
        new(PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "planner-test.json"));

    /// <summary>
    /// One provider "p" with model "m": real time at 100 requests/minute (1,000 lines take 10 minutes), batch at half
    /// price finishing at p95 one hour, no fallback margin unless given.
    /// </summary>
    public static TierCatalog Simple(string margin = "0s", string batchLimits = "{}") => Catalog("""
        {"version": "t", "currency": "USD", "fallback_margin": "MARGIN",
         "providers": [{"name": "p", "kind": "openai", "regions": ["eu"], "tiers": ["realtime", "batch"]}],
         "prices": [
           {"provider": "p", "model": "m", "tier": "realtime", "input": 2, "cached_input": 1, "output": 8, "limits": {"rpm": 100}},
           {"provider": "p", "model": "m", "tier": "batch", "input": 1, "cached_input": 0.5, "output": 4,
            "limits": LIMITS, "completion": {"p50": "30m", "p95": "1h", "max": "24h"}}
         ]}
        """.Replace("MARGIN", margin, StringComparison.Ordinal).Replace("LIMITS", batchLimits, StringComparison.Ordinal));
}
