using System.Text;
using System.Text.Json;
using BatchInference.Ledger.Spend;

namespace BatchInference.Ledger.Tests.Spend;

public sealed class LedgerJsonTests
{
    [Fact]
    public async Task ToLine_ThenReadAll_RoundTripsEveryFieldExactly()
    {
        var entry = new LedgerEntry(
            "job_1", "req-1", 7, 2, "openai", "gpt-4.1-mini", "realtime", "req_abc", "openai/gpt-4.1-mini/realtime",
            1500, 1024, 200, 0, 0.0006128m, 0.0006128m, "USD", "2026-11-22",
            new DateTimeOffset(2026, 11, 22, 1, 2, 3, 456, TimeSpan.Zero).AddTicks(7),
            new DateTimeOffset(2026, 11, 22, 1, 2, 4, TimeSpan.Zero),
            new Dictionary<string, string> { ["team"] = "search" });
        var bytes = LedgerJson.ToLine(entry).Concat("\n"u8.ToArray()).Concat(LedgerJson.ToLine(entry)).ToArray();

        var read = new List<LedgerEntry>();
        await foreach (var e in LedgerJson.ReadAllAsync(new MemoryStream(bytes)))
        {
            read.Add(e);
        }

        Assert.Equal(2, read.Count);
        Assert.Equal(entry with { Tags = read[0].Tags }, read[0]);
        Assert.Equal("search", read[0].Tags["team"]);
        using var doc = JsonDocument.Parse(LedgerJson.ToLine(entry));
        Assert.Equal("0.0006128", doc.RootElement.GetProperty("effective_cost").GetRawText());
        Assert.Equal(1024, doc.RootElement.GetProperty("cached_input_tokens").GetInt64());
        Assert.DoesNotContain('\n', Encoding.UTF8.GetString(LedgerJson.ToLine(entry)));
    }

    [Fact]
    public void FromLine_LineWithoutNewFields_ParsesWithDefaults()
    {
        var line = """
            {"job_id":"job_1","custom_id":"req-1","line":7,"attempt":1,"provider":"openai","model":"gpt-4.1-mini","tier":"realtime",
             "provider_request_id":null,"sku_id":"openai/gpt-4.1-mini/realtime","input_tokens":10,"cached_input_tokens":0,
             "output_tokens":5,"reasoning_tokens":0,"list_cost":0.00001,"effective_cost":0.00001,"currency":"USD",
             "price_version":"2026-11-22","started_at":"2026-11-22T01:02:03+00:00","finished_at":"2026-11-22T01:02:04+00:00","tags":{}}
            """.ReplaceLineEndings(string.Empty);

        var entry = LedgerJson.FromLine(Encoding.UTF8.GetBytes(line));

        Assert.Equal(0, entry.CacheWriteTokens);
        Assert.Null(entry.RealtimeListCost);
        Assert.Null(entry.Region);
        Assert.Equal(0.00001m, entry.ListCost);
    }

    [Fact]
    public void ToLine_NewFields_RoundTripExactly()
    {
        var entry = new LedgerEntry(
            "job_1", "req-1", 7, 2, "anthropic", "claude", "batch", null, "anthropic/claude/batch", 1500, 0, 200, 0,
            0.0006m, 0.0006m, "USD", "v1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1),
            new Dictionary<string, string>())
        {
            CacheWriteTokens = 300,
            RealtimeListCost = 0.0012000000001m,
            Region = "eastus2",
        };

        var read = LedgerJson.FromLine(LedgerJson.ToLine(entry));

        Assert.Equal(300, read.CacheWriteTokens);
        Assert.Equal(0.0012000000001m, read.RealtimeListCost);
        Assert.Equal("eastus2", read.Region);
        using var doc = JsonDocument.Parse(LedgerJson.ToLine(entry));
        Assert.Equal("0.0012000000001", doc.RootElement.GetProperty("realtime_list_cost").GetRawText());
    }
}
