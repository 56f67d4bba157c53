using System.Text;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// The provider profile the tier scenarios run on: the emulator with its compressed clock (a 24 h window lasts 24 s)
/// and a batch completion-time model of seconds (p50 2 s, p95 4 s), so a "loose" deadline is 30 s and a scenario
/// runs in seconds. Prices are the built-in catalog's: batch and flex at half the standard price, spot at 60 % (dearer than batch, cheaper than real time: it wins when the deadline rules batch out).
/// </summary>
internal static class TierCatalogs
{
    public const string Model = "gpt-4.1-mini";

    public const string ClaudeModel = "claude-haiku-4-5";

    /// <summary>A model served under a deployment name of its own (as Azure OpenAI deployments are).</summary>
    public const string DeployedModel = "gpt-4.1-nano";

    /// <summary>A model with flex processing (as OpenAI offers flex only for some models) and no batch price here.</summary>
    public const string FlexModel = "gpt-5-mini";

    /// <summary>A model priced at $1,000,000 per input token, real time only: each call costs a million or more.</summary>
    public const string MillionDollarModel = "gpt-4o";

    public static PriceCatalog Compressed { get; } = PriceCatalog.Load(
        new MemoryStream(Encoding.UTF8.GetBytes("""
        {
          "version": "tier-scenarios",
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
            { "provider": "openai", "model": "gpt-4o-mini", "tier": "realtime", "input": 0.15, "cached_input": 0.075, "output": 0.60, "limits": { "rpm": 60000 } },
            { "provider": "openai", "model": "gpt-4o-mini", "tier": "batch", "input": 0.075, "cached_input": 0.0375, "output": 0.30,
              "limits": { "max_batch_lines": 50000, "max_batch_bytes": 200000000 }, "completion": { "p50": "2s", "p95": "4s", "max": "24s" } },
            { "provider": "openai", "model": "gpt-4.1-nano", "tier": "realtime", "input": 0.10, "cached_input": 0.025, "output": 0.40, "limits": { "rpm": 60000 }, "deployment": "nano-eu-prod" },
            { "provider": "openai", "model": "gpt-4.1-nano", "tier": "batch", "input": 0.05, "cached_input": 0.0125, "output": 0.20, "deployment": "nano-eu-prod",
              "limits": { "max_batch_lines": 50000, "max_batch_bytes": 200000000 }, "completion": { "p50": "2s", "p95": "4s", "max": "24s" } },
            { "provider": "openai", "model": "gpt-4o", "tier": "realtime", "input": 1000000000000, "cached_input": 1000000000000, "output": 0, "limits": { "rpm": 60000 } },
            { "provider": "openai", "model": "gpt-5-mini", "tier": "realtime", "input": 0.25, "cached_input": 0.025, "output": 2.00, "limits": { "rpm": 60000 } },
            { "provider": "openai", "model": "gpt-5-mini", "tier": "flex", "input": 0.125, "cached_input": 0.0125, "output": 1.00, "limits": { "rpm": 60000 } },
            { "provider": "spot", "model": "gpt-4.1-mini", "tier": "spot", "input": 0.24, "cached_input": 0.06, "output": 0.96, "limits": { "rpm": 60000 } },
            { "provider": "anthropic", "model": "claude-haiku-4-5", "tier": "realtime", "input": 1.00, "cached_input": 0.10, "output": 5.00, "limits": { "rpm": 60000 } },
            { "provider": "anthropic", "model": "claude-haiku-4-5", "tier": "batch", "input": 0.50, "cached_input": 0.05, "output": 2.50,
              "limits": { "max_batch_lines": 100000, "max_batch_bytes": 256000000 }, "completion": { "p50": "2s", "p95": "4s", "max": "24s" } }
          ]
        }
        """)),
        "tier scenarios");
}
