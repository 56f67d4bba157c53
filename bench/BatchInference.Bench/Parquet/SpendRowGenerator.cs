using System.Globalization;

namespace BatchInference.Bench.Parquet;

/// <summary>Deterministic, realistic-looking spend rows: few providers/models/tiers, unique ids, exact costs.</summary>
internal static class SpendRowGenerator
{
    private static readonly (string Provider, string Model, decimal InputPerToken, decimal OutputPerToken)[] Models =
    [
        ("openai", "gpt-4o", 0.0000025m, 0.00001m),
        ("openai", "gpt-4o-mini", 0.00000015m, 0.0000006m),
        ("openai", "text-embedding-3-small", 0.00000002m, 0m),
        ("azure-openai", "gpt-4o", 0.0000025m, 0.00001m),
        ("azure-openai", "gpt-4.1-mini", 0.0000004m, 0.0000016m),
        ("anthropic", "claude-sonnet-4", 0.000003m, 0.000015m),
        ("anthropic", "claude-haiku-3.5", 0.0000008m, 0.000004m),
        ("self-hosted", "llama-3.1-8b", 0.00000005m, 0.00000008m),
    ];

    private static readonly (string Name, decimal Discount)[] Tiers =
        [("realtime", 1m), ("batch", 0.5m), ("flex", 0.5m), ("spot", 0.3m)];

    private static readonly string[] Regions = ["eastus", "westeurope", "swedencentral", "japaneast"];

    private static readonly string[] TagSets =
        ["{\"team\":\"search\",\"project\":\"rerank\"}", "{\"team\":\"ml\",\"project\":\"evals\"}", "{\"team\":\"support\"}"];

    public static SpendRow[] Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var jobs = Enumerable.Range(0, 200).Select(i => $"job-{i:D4}-{random.Next():x8}").ToArray();
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new SpendRow[count];
        for (var i = 0; i < count; i++)
        {
            var model = Models[random.Next(Models.Length)];
            var tier = Tiers[random.Next(Tiers.Length)];
            var input = (long)random.Next(20, 8_000);
            var output = model.OutputPerToken == 0 ? 0 : random.Next(1, 2_000);
            var list = (input * model.InputPerToken) + (output * model.OutputPerToken);
            var billed = list * tier.Discount;
            var chargeStart = start.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 30));
            rows[i] = new SpendRow(
                chargeStart,
                chargeStart.AddTicks(random.NextInt64(TimeSpan.TicksPerMinute)),
                model.Provider,
                model.Model,
                tier.Name,
                random.Next(5) == 0 ? null : Regions[random.Next(Regions.Length)],
                "req-" + i.ToString("D9", CultureInfo.InvariantCulture) + "-" + random.Next().ToString("x8", CultureInfo.InvariantCulture),
                jobs[random.Next(jobs.Length)],
                input,
                output,
                billed,
                billed,
                list,
                "USD",
                random.Next(20) == 0 ? 2 : 1,
                random.Next(5) < 3 ? null : TagSets[random.Next(TagSets.Length)]);
        }

        return rows;
    }
}
