using System.Text;
using BatchInference.Ledger.Spend;

namespace BatchInference.Cli.Tests.Reporting;

/// <summary>
/// Hand-made ledger lines for two jobs over 2025-03-14 and 2025-03-15 (UTC), several models, tiers, providers and
/// team tags (one job's lines carry no team), with money of up to 12 decimals so any rounding would show.
/// </summary>
internal static class SpendLedgerSample
{
    public static readonly DateOnly Day1 = new(2025, 3, 14);
    public static readonly DateOnly Day2 = new(2025, 3, 15);

    private static readonly string[] Models = ["gpt-4.1-mini", "gpt-4.1", "text-embedding-3-small"];
    private static readonly string[] Tiers = ["realtime", "batch", "flex"];
    private static readonly string[] Providers = ["openai", "azure-openai"];

    /// <summary>The lines of <paramref name="jobA"/> (team search) and <paramref name="jobB"/> (untagged or team ads).</summary>
    public static IReadOnlyList<LedgerEntry> Entries(string jobA, string jobB)
    {
        var random = new Random(20250314);
        var entries = new List<LedgerEntry>();
        for (var n = 0; n < 40; n++)
        {
            var job = n % 2 == 0 ? jobA : jobB;
            IReadOnlyDictionary<string, string> tags = job == jobA
                ? new Dictionary<string, string> { ["team"] = "search", ["project"] = "ranking" }
                : n % 4 == 1 ? new Dictionary<string, string> { ["project"] = "backfill" } : new Dictionary<string, string> { ["team"] = "ads" };
            var tier = Tiers[n % 3];
            var effective = random.Next(1, 90_000_000) / 1_000_000_000_000m;
            var list = effective; // a tier's own list price; only RealtimeListCost says what real time would have cost

            // Lines close to midnight: 23:59:59.9 on day 1 and 00:00:00.1 on day 2 (UTC), and one written with a +02:00
            // offset whose local date is day 2 but whose UTC date is day 1.
            var finished = (n % 5) switch
            {
                0 => new DateTimeOffset(2025, 3, 14, 23, 59, 59, 900, TimeSpan.Zero),
                1 => new DateTimeOffset(2025, 3, 15, 0, 0, 0, 100, TimeSpan.Zero),
                2 => new DateTimeOffset(2025, 3, 15, 1, 30, 0, TimeSpan.FromHours(2)),
                3 => new DateTimeOffset(2025, 3, 15, 12, 0, 0, TimeSpan.Zero),
                _ => new DateTimeOffset(2025, 3, 14, 8, 15, 0, TimeSpan.Zero),
            };
            var input = random.Next(10, 5000);
            entries.Add(new LedgerEntry(
                job, $"req-{n:D3}", n + 1, 1 + (n % 7 == 0 ? 1 : 0), Providers[n % 2], Models[n % 3], tier, $"r-{n}",
                $"{Providers[n % 2]}/{Models[n % 3]}/{tier}", input, input / 3, random.Next(0, 800), 0,
                list, effective, "USD", "2025-03-01", finished.AddSeconds(-3), finished, tags)
            {
                RealtimeListCost = tier == "realtime" ? null : effective * 2,
            });
        }

        return entries;
    }

    /// <summary>The JSONL of a ledger part holding <paramref name="entries"/>.</summary>
    public static BinaryData Part(IEnumerable<LedgerEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(Encoding.UTF8.GetString(LedgerJson.ToLine(entry))).Append('\n');
        }

        return BinaryData.FromString(text.ToString());
    }

    public static DateOnly ChargeDate(LedgerEntry entry) => SpendReportWriter.ChargeDate(entry);

    public static string Day(LedgerEntry entry) => ChargeDate(entry).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static decimal Realtime(LedgerEntry entry) => entry.RealtimeListCost ?? entry.ListCost;
}
