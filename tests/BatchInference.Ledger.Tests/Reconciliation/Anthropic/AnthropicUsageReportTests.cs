using System.Text.Json;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Ledger.Reconciliation.Anthropic;

namespace BatchInference.Ledger.Tests.Reconciliation.Anthropic;

public sealed class AnthropicUsageReportTests
{
    private static readonly DateOnly Day = new(2025, 8, 1);

    // Shaped like the example response of https://platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages.
    private const string UsagePage = """
        {
          "data": [
            {
              "starting_at": "2025-08-01T00:00:00Z",
              "ending_at": "2025-08-02T00:00:00Z",
              "results": [
                {
                  "uncached_input_tokens": 1500,
                  "cache_creation": { "ephemeral_1h_input_tokens": 1000, "ephemeral_5m_input_tokens": 500 },
                  "cache_read_input_tokens": 200,
                  "output_tokens": 500,
                  "server_tool_use": { "web_search_requests": 10 },
                  "api_key_id": null,
                  "workspace_id": null,
                  "model": "claude-sonnet-4-20250514",
                  "service_tier": "standard",
                  "context_window": "0-200k"
                },
                {
                  "uncached_input_tokens": 100,
                  "cache_creation": { "ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0 },
                  "cache_read_input_tokens": 0,
                  "output_tokens": 40,
                  "server_tool_use": { "web_search_requests": 0 },
                  "model": "claude-sonnet-4-20250514",
                  "service_tier": "priority",
                  "context_window": "200k-1M"
                },
                {
                  "uncached_input_tokens": 7000,
                  "cache_creation": { "ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0 },
                  "cache_read_input_tokens": 3000,
                  "output_tokens": 900,
                  "server_tool_use": { "web_search_requests": 0 },
                  "model": "claude-sonnet-4-20250514",
                  "service_tier": "batch",
                  "context_window": "0-200k"
                }
              ]
            }
          ],
          "has_more": false,
          "next_page": null
        }
        """;

    // Shaped like the example response of https://platform.claude.com/docs/en/api/admin/cost_report/retrieve.
    private const string CostPage = """
        {
          "data": [
            {
              "starting_at": "2025-08-01T00:00:00Z",
              "ending_at": "2025-08-02T00:00:00Z",
              "results": [
                {
                  "currency": "USD",
                  "amount": "123.78912",
                  "workspace_id": null,
                  "description": "Claude Sonnet 4 Usage - Input Tokens",
                  "cost_type": "tokens",
                  "context_window": "0-200k",
                  "model": "claude-sonnet-4-20250514",
                  "service_tier": "standard",
                  "token_type": "uncached_input_tokens"
                },
                {
                  "currency": "USD",
                  "amount": "0.5",
                  "workspace_id": null,
                  "description": "Claude Sonnet 4 Usage - Output Tokens",
                  "cost_type": "tokens",
                  "context_window": "0-200k",
                  "model": "claude-sonnet-4-20250514",
                  "service_tier": "batch",
                  "token_type": "output_tokens"
                },
                {
                  "currency": "USD",
                  "amount": "1000",
                  "workspace_id": null,
                  "description": "Web Search Usage",
                  "cost_type": "web_search",
                  "context_window": null,
                  "model": null,
                  "service_tier": null,
                  "token_type": null
                }
              ]
            }
          ],
          "has_more": false,
          "next_page": null
        }
        """;

    [Fact]
    public void AddUsage_DocumentedBucket_SumsCacheKindsIntoInputAndMapsServiceTiers()
    {
        var lines = new Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine>();

        AddAll(UsagePage, bucket => AnthropicUsageReport.AddUsage(bucket, lines));

        Assert.Equal(2, lines.Count);
        var realtime = lines[(Day, "claude-sonnet-4-20250514", "realtime")]; // standard and priority
        Assert.Equal(1500 + 1000 + 500 + 200 + 100, realtime.InputTokens);
        Assert.Equal(200, realtime.CachedInputTokens);
        Assert.Equal(540, realtime.OutputTokens);
        Assert.Equal(0, realtime.Requests);
        var batch = lines[(Day, "claude-sonnet-4-20250514", "batch")];
        Assert.Equal((10_000L, 3000L, 900L), (batch.InputTokens, batch.CachedInputTokens, batch.OutputTokens));
    }

    [Fact]
    public void AddCosts_AmountInCents_BecomesExactDollarsOnTheUsageLines()
    {
        var lines = new Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine>();

        AddAll(UsagePage, bucket => AnthropicUsageReport.AddUsage(bucket, lines));
        AddAll(CostPage, bucket => AnthropicUsageReport.AddCosts(bucket, lines));

        Assert.Equal(1.2378912m, lines[(Day, "claude-sonnet-4-20250514", "realtime")].Cost);
        Assert.Equal(0.005m, lines[(Day, "claude-sonnet-4-20250514", "batch")].Cost);
        Assert.Equal("USD", lines[(Day, "claude-sonnet-4-20250514", "batch")].Currency);
        var search = lines[(Day, AnthropicUsageReport.UnattributedModel, "realtime")];
        Assert.Equal((10m, 0L), (search.Cost, search.InputTokens));
    }

    [Theory]
    [InlineData("standard", "realtime")]
    [InlineData("priority", "realtime")]
    [InlineData("batch", "batch")]
    [InlineData(null, "realtime")]
    public void Tier_ServiceTier_MapsToLedgerTier(string? serviceTier, string expected) =>
        Assert.Equal(expected, AnthropicUsageReport.Tier(serviceTier));

    private static void AddAll(string page, Action<JsonElement> add)
    {
        using var document = JsonDocument.Parse(page);
        foreach (var bucket in document.RootElement.GetProperty("data").EnumerateArray())
        {
            add(bucket);
        }
    }
}
