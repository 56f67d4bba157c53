using System.Globalization;
using BatchInference.Bench.Tiers;
using BatchInference.Emulator;
using PriceCatalog = BatchInference.Ledger.Pricing.PriceCatalog;
using BatchInference.Orchestrations.Engine;
using BatchInference.Providers;
using BatchInference.Testing;

namespace BatchInference.Bench.PromptCache;

/// <summary>
/// What <c>cache_hints: auto</c> saves: the same realistic job (<see cref="PromptCacheJob"/>) run twice in one process,
/// hints off then on, each on a fresh emulator (whose caches model what OpenAI and Anthropic document,
/// docs/emulator-prompt-caching.md) and the same Azurite, priced by the emulator catalog. Prints per provider the input
/// tokens, the cached-input share, the cache writes and the ledger cost, and the on/off cost ratio.
/// </summary>
internal sealed class PromptCacheBenchmark : IBenchmark
{
    public string Name => "prompt-cache";

    public string Description => "ledger cost and cached-input share with cache_hints off vs on [--lines 3000] [--shard-lines 1000] [--seed 7] [--tier-policy realtime]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var lines = arguments.GetInt32("lines", 3000);
        var shardLines = arguments.GetInt32("shard-lines", 1000);
        var tierPolicy = arguments.GetString("tier-policy", "realtime");
        var input = PromptCacheJob.Build(lines, arguments.GetInt32("seed", 7));
        var catalog = PriceCatalog.LoadFile(Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json"));
        await using var storage = await BenchStorage.StartAsync(cancellationToken);
        var runs = new List<PromptCacheRun>();
        foreach (var hints in new[] { "off", "auto" })
        {
            runs.Add(await RunOnceAsync(storage, catalog, input, shardLines, $$"""{"completion_window":"1h","tier_policy":"{{tierPolicy}}","cache_hints":"{{hints}}"}""", hints, cancellationToken));
        }

        Print(lines, shardLines, tierPolicy, runs);
        return 0;
    }

    private static async Task<PromptCacheRun> RunOnceAsync(
        BenchStorage storage, PriceCatalog catalog, byte[] input, int shardLines, string settings, string hints, CancellationToken cancellationToken)
    {
        var spool = Directory.CreateTempSubdirectory("bench-prompt-cache-").FullName;
        try
        {
            await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 7 }, cancellationToken);
            var providers = ProviderSets.Create(
                [CostBenchmark.Endpoint("openai", ProviderKind.OpenAI, emulator), CostBenchmark.Endpoint("anthropic", ProviderKind.Anthropic, emulator)], TimeProvider.System);
            var options = BenchJobRunner.FastEngineOptions(spool);
            options.ShardMaxLines = shardLines;
            await using var runner = await BenchJobRunner.StartAsync(storage, providers, catalog, options, cancellationToken);
            Console.Error.WriteLine($"Running prompt-cache with cache_hints {hints}…");
            var job = await runner.RunAsync(
                "prompt-cache-" + hints, input, settings, TimeSpan.FromMinutes(10),
                () => $"emulator logged {emulator.RequestLog.BillableCount:N0} billable calls", cancellationToken);
            var ledger = await runner.ReadLedgerAsync(job.JobId, cancellationToken);
            return new PromptCacheRun(hints, job.Summary, job.Wall, PromptCacheFigures.From(ledger));
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    private static void Print(int lines, int shardLines, string tierPolicy, IReadOnlyList<PromptCacheRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"prompt-cache: {lines:N0} lines ({PromptCacheJob.Tasks} system prompts of ~2,000 tokens; {PromptCacheJob.OpenAIModel} + {PromptCacheJob.ClaudeModel}), shards of {shardLines}, tier_policy {tierPolicy}"));
        Console.WriteLine($"{"hints",-6} {"provider",-10} {"lines",7} {"input tok",12} {"cached tok",12} {"cached %",9} {"cache writes",13} {"cost USD",12}");
        foreach (var run in runs)
        {
            foreach (var f in run.Figures)
            {
                Console.WriteLine(string.Create(c, $"{run.Hints,-6} {f.Provider,-10} {f.Lines,7:N0} {f.InputTokens,12:N0} {f.CachedTokens,12:N0} {f.CachedShare,9:P1} {f.CacheWriteTokens,13:N0} {f.Cost,12:F6}"));
            }

            var changed = run.Summary.CacheHints is { } h ? $"prompt_cache_key on {h.PromptCacheKeyLines:N0} lines, cache_control on {h.CacheControlLines:N0} lines" : "none";
            Console.WriteLine(string.Create(c, $"       status {run.Summary.Status}, {run.Summary.Counts.Succeeded:N0} succeeded, wall {run.Wall.TotalSeconds:F1} s, body changes: {changed}"));
        }

        var off = runs[0].Figures;
        var on = runs[1].Figures;
        foreach (var (a, b) in off.Zip(on))
        {
            Console.WriteLine(string.Create(c, $"cost on/off {a.Provider,-10} {(a.Cost == 0 ? 0 : b.Cost / a.Cost),8:F4}   cached share {a.CachedShare:P1} -> {b.CachedShare:P1}"));
        }
    }
}
