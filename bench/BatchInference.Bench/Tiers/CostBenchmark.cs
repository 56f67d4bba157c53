using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Engine;
using BatchInference.Providers;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// Does the engine pay no more than the cheapest plan that meets the deadline? Runs a mixed job (batchable, flex-only,
/// Anthropic and mixed-model blocks of input) through the engine on the emulator with its compressed clock, reads the job's ledger
/// and summary, and compares what it paid with the cheapest feasible cost worked out independently (see
/// <see cref="CheapestFeasiblePlan"/>) from the tokens the emulators logged for each line, and with the all-real-time cost.
/// </summary>
internal sealed class CostBenchmark : IBenchmark
{
    public string Name => "tiers-cost";

    public string Description =>
        "job cost vs the cheapest feasible plan, mixed tiers [--shard-lines 500] [--completion-window 20s] [--catalog PATH] [--seed 7] [--flex-unavailable-percent 0]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var shardLines = arguments.GetInt32("shard-lines", 500);
        var window = arguments.GetString("completion-window", "20s");
        var catalogPath = arguments.GetString("catalog", string.Empty);
        var catalog = CostCatalog.Load(catalogPath.Length == 0 ? null : catalogPath);
        var flexUnavailable = arguments.GetInt32("flex-unavailable-percent", 0, min: 0) / 100.0;
        var input = MixedJob.Build(shardLines, arguments.GetInt32("seed", 7));
        return await BenchStorage.RunAsync(Name, async (storage, spool) =>
        {
            await using var emulator = await EmulatorServer.StartAsync(
                new EmulatorOptions
                {
                    BatchValidationTime = TimeSpan.FromMilliseconds(300),
                    BatchFinalizationTime = TimeSpan.FromMilliseconds(300),
                    BatchCancelTime = TimeSpan.FromMilliseconds(300),
                    FlexUnavailableRate = flexUnavailable,
                },
                cancellationToken);
            await using var spot = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 11 }, cancellationToken);
            var providers = ProviderSets.Create(
                [Endpoint("openai", ProviderKind.OpenAI, emulator), Endpoint("anthropic", ProviderKind.Anthropic, emulator), Endpoint("spot", ProviderKind.OpenAI, spot)],
                TimeProvider.System);
            var options = BenchJobRunner.FastEngineOptions(spool);
            options.ShardMaxLines = shardLines;
            await using var runner = await BenchJobRunner.StartAsync(storage, providers, catalog, options, cancellationToken);

            Console.Error.WriteLine($"Running tiers-cost: {input.Count:N0} lines in {MixedJob.BlockCount} blocks, completion_window {window}…");
            var job = await runner.RunAsync(
                "tiers-cost", BenchRequestLine.ToJsonl(input), $$"""{"completion_window":"{{window}}"}""", TimeSpan.FromMinutes(3),
                () => $"emulators logged {emulator.RequestLog.BillableCount + spot.RequestLog.BillableCount:N0} billable calls", cancellationToken);

            var ledger = await runner.ReadLedgerAsync(job.JobId, cancellationToken);
            var status = await runner.Engine.GetStatusAsync(job.JobId, cancellationToken);
            var log = emulator.RequestLog.Snapshot().Concat(spot.RequestLog.Snapshot()).ToList();
            var usage = LineUsage.FromRequestLogs(input, shardLines, log);
            var plan = new CheapestFeasiblePlan(
                catalog, job.Summary.Deadline - job.Summary.CreatedAt, options.Planner.SafetyFactor,
                catalog.FallbackMargin ?? options.Planner.FallbackMargin, options.Planner.AssumedRequestsPerMinute);

            var shards = Enumerable.Range(0, MixedJob.BlockCount)
                .Select(k => Shard(k, usage.Where(u => u.Shard == k).ToList(), ledger, shardLines, plan))
                .ToList();
            var engineShards = status?.Shards.GroupBy(s => s.Tier ?? "?").Select(g => $"{g.Count()} {g.Key}") ?? [];
            var figures = new CostFigures(
                ledger.Sum(e => e.EffectiveCost),
                shards.Sum(s => s.Cheapest?.Cost ?? 0m),
                usage.Sum(u => plan.Cheapest([u])?.Cost ?? 0m),
                plan.AllRealtimeCost(usage),
                ledger.Count,
                log.Count(r => r.Billable),
                usage.Count);
            CostReport.Print(input.Count, shardLines, window, catalog, plan, job, shards, ledger, figures, string.Join(", ", engineShards));
            return 0;
        }, cancellationToken);
    }

    private static ShardCost Shard(
        int shard, IReadOnlyList<LineUsage> lines, IReadOnlyList<LedgerEntry> ledger, int shardLines, CheapestFeasiblePlan plan)
    {
        // Ledger line numbers are 1-based positions in the input file.
        var paid = ledger.Where(e => (e.Line - 1) / shardLines == shard).ToList();
        var mix = string.Join(" + ", paid
            .GroupBy(e => $"{e.Provider}/{e.Tier}")
            .OrderByDescending(g => g.Count())
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}")));
        var cheapest = lines.Count == 0 ? null : plan.Cheapest(lines);
        var ruledOut = lines.Count == 0 ? [] : plan.Options(lines).Where(o => !o.Feasible && o.Cost < (cheapest?.Cost ?? decimal.MaxValue)).OrderBy(o => o.Cost).ToList();
        return new ShardCost(
            shard, MixedJob.Describe(shard), mix.Length == 0 ? "nothing paid" : mix, paid.Sum(e => e.EffectiveCost), cheapest, ruledOut);
    }

    /// <summary>An endpoint on <paramref name="server"/> with the benchmarks' concurrency and fast retries.</summary>
    internal static ProviderEndpointOptions Endpoint(string name, ProviderKind kind, EmulatorServer server) => new()
    {
        Name = name,
        Kind = kind,
        BaseUrl = new Uri(server.BaseAddress, "v1"),
        ApiKey = "bench",
        MaxConcurrency = 16,
        BaseRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };
}
