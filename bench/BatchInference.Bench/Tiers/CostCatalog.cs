using System.Text;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// The compressed provider profile <c>tiers-cost</c> plans and prices with (the tier scenario tests' profile): the
/// emulator's clock makes a 24 h batch window last 24 s, OpenAI batches complete in seconds (p50 2 s, p95 4 s), and the
/// real-time fallback margin is 3 s. Anthropic's Message Batches are modelled slower (p50 6 s, p95 18 s), so a deadline
/// of 20 s sends the OpenAI shards to batch and the Anthropic shard to real time. Prices are the built-in catalog's
/// list prices; batch and flex at half the standard price, a spot endpoint at 60 %. <c>gpt-5-mini</c> has flex but no
/// batch price here, so its lines can only go flex or real time.
/// </summary>
internal static class CostCatalog
{
    public const string BatchModel = "gpt-4.1-mini";

    public const string FlexModel = "gpt-5-mini";

    public const string ClaudeModel = "claude-haiku-4-5";

    public static PriceCatalog Load(string? path) => path is null
        ? PriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(Json)), "tiers-cost compressed profile")
        : PriceCatalog.LoadFile(path);

    private const string Json = """
        {
          "version": "bench-tiers-cost",
          "currency": "USD",
          "fallback_margin": "3s",
          "providers": [
            { "name": "openai", "kind": "openai", "regions": ["local"], "tiers": ["realtime", "batch", "flex"] },
            { "name": "anthropic", "kind": "anthropic", "regions": ["local"], "tiers": ["realtime", "batch"] },
            { "name": "spot", "kind": "openai-compatible", "regions": ["local"], "tiers": ["spot"] }
          ],
          "prices": [
            { "provider": "openai", "model": "gpt-4.1-mini", "tier": "realtime", "input": 0.40, "cached_input": 0.10, "output": 1.60, "limits": { "rpm": 60000 } },
            { "provider": "openai", "model": "gpt-4.1-mini", "tier": "batch", "input": 0.20, "cached_input": 0.05, "output": 0.80,
              "limits": { "max_batch_lines": 50000, "max_batch_bytes": 200000000 }, "completion": { "p50": "2s", "p95": "4s", "max": "24s" } },
            { "provider": "openai", "model": "gpt-5-mini", "tier": "realtime", "input": 0.25, "cached_input": 0.025, "output": 2.00, "limits": { "rpm": 60000 } },
            { "provider": "openai", "model": "gpt-5-mini", "tier": "flex", "input": 0.125, "cached_input": 0.0125, "output": 1.00, "limits": { "rpm": 60000 } },
            { "provider": "spot", "model": "gpt-4.1-mini", "tier": "spot", "input": 0.24, "cached_input": 0.06, "output": 0.96, "limits": { "rpm": 60000 } },
            { "provider": "anthropic", "model": "claude-haiku-4-5", "tier": "realtime", "input": 1.00, "cached_input": 0.10, "output": 5.00, "limits": { "rpm": 60000 } },
            { "provider": "anthropic", "model": "claude-haiku-4-5", "tier": "batch", "input": 0.50, "cached_input": 0.05, "output": 2.50,
              "limits": { "max_batch_lines": 100000, "max_batch_bytes": 256000000 }, "completion": { "p50": "6s", "p95": "18s", "max": "24s" } }
          ]
        }
        """;
}
