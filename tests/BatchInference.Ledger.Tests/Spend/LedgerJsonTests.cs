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
}
