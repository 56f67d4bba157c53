using System.Text.Json;
using BatchInference.Ledger.Reconciliation;

namespace BatchInference.Ledger.Tests.Reconciliation;

public sealed class OpenAIUsageReportTests
{
    [Fact]
    public void AddCosts_LineItemsNameTheirTier_BatchFlexAndStandardLandApart()
    {
        using var bucket = JsonDocument.Parse("""
            {"object":"bucket","start_time":1795305600,"end_time":1795392000,"results":[
              {"object":"organization.costs.result","amount":{"value":0.5,"currency":"usd"},"line_item":"gpt-5-mini-2025-08-07, input"},
              {"object":"organization.costs.result","amount":{"value":"0.25","currency":"usd"},"line_item":"gpt-5-mini-2025-08-07, input (batch)"},
              {"object":"organization.costs.result","amount":{"value":0.125,"currency":"usd"},"line_item":"gpt-5-mini-2025-08-07, output (flex)"},
              {"object":"organization.costs.result","amount":{"value":0.125,"currency":"usd"},"line_item":"gpt-5-mini-2025-08-07, input (flex)"}
            ]}
            """);
        var lines = new Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine>();

        OpenAIUsageReport.AddCosts(bucket.RootElement, lines);

        var day = new DateOnly(2026, 11, 22);
        Assert.Equal(
            new Dictionary<string, decimal> { ["realtime"] = 0.5m, ["batch"] = 0.25m, ["flex"] = 0.25m },
            lines.Where(l => l.Key.Day == day).ToDictionary(l => l.Key.Tier, l => l.Value.Cost));
        Assert.All(lines.Keys, k => Assert.Equal("gpt-5-mini", k.Model));
    }
}
