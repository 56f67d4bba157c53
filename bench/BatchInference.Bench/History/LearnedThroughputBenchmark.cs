using BatchInference.Bench.Tiers;
using BatchInference.Emulator;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Settings;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Planning;
using BatchInference.Testing;

namespace BatchInference.Bench.History;

/// <summary>
/// What does learning real-time throughput buy? Runs the same-sized real-time job through the engine again and again on
/// one emulator endpoint and one storage account (so each job's throughput sample lands in the history the next one is
/// planned with): first <c>--warmup</c> jobs planned with the catalog's rate limits, then <c>--rounds</c> jobs planned with
/// the learned rate. For every job it compares the finish the engine's <c>plan.json</c> promised, and the finish the
/// planner gives the same workloads without history, with when the job really finished; the ratio of the two errors
/// says what learning gained.
/// </summary>
internal sealed class LearnedThroughputBenchmark : IBenchmark
{
    private const string Provider = "openai";
    private const string Model = "gpt-4.1-mini";
    private const string Settings = """{"completion_window":"24h","tier_policy":"realtime"}""";

    public string Name => "learned-throughput";

    public string Description =>
        "real-time finish estimate vs actual, catalog limits vs learned throughput [--lines 400] [--shard-lines 100] [--warmup 3] [--rounds 3] [--prompt-chars 400] [--rps 150] [--slow-latency-ms 1000] [--only limit|latency]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var rps = arguments.GetInt32("rps", 150);
        var only = arguments.GetString("only", string.Empty);
        var shape = new JobShape(
            arguments.GetInt32("lines", 400), arguments.GetInt32("shard-lines", 100), arguments.GetInt32("warmup", 3),
            arguments.GetInt32("rounds", 3), arguments.GetInt32("prompt-chars", 400));
        LearnedThroughputScenario[] scenarios =
        [
            .. only is "" or "limit" ? [LearnedThroughputScenario.LimitBound(rps)] : Array.Empty<LearnedThroughputScenario>(),
            .. only is "" or "latency" ? [LearnedThroughputScenario.LatencyBound(rps, arguments.GetInt32("slow-latency-ms", 1000))] : Array.Empty<LearnedThroughputScenario>(),
        ];
        if (scenarios.Length == 0)
        {
            throw new ArgumentException($"--only must be limit or latency, got '{only}'.");
        }

        var catalogPath = Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json");
        var catalog = PriceCatalog.LoadFile(catalogPath);
        return await BenchStorage.RunAsync(Name, async (storage, spool) =>
        {
            foreach (var scenario in scenarios)
            {
                var load = LoadAverage();
                var jobs = await RunScenarioAsync(storage, catalog, scenario, shape, spool, cancellationToken);
                LearnedThroughputReport.Print(scenario, shape.Lines, shape.ShardLines, catalogPath, load, LoadAverage(), jobs);
            }

            return 0;
        }, cancellationToken);
    }

    private static async Task<List<LearnedThroughputJob>> RunScenarioAsync(
        BenchStorage storage, PriceCatalog catalog, LearnedThroughputScenario scenario, JobShape shape, string spool, CancellationToken cancellationToken)
    {
        // One emulator, so one endpoint, for all of the scenario's jobs: the history is kept per provider endpoint.
        await using var emulator = await EmulatorServer.StartAsync(scenario.Emulator, cancellationToken);
        var endpoint = CostBenchmark.Endpoint(Provider, BatchInference.Providers.ProviderKind.OpenAI, emulator);
        endpoint.RequestsPerMinute = scenario.Emulator.RequestsPerMinute; // our client gets the emulator's budget
        endpoint.RateLimitBurst = scenario.Emulator.RateLimitWindow;
        var options = BenchJobRunner.FastEngineOptions(spool);
        options.ShardMaxLines = shape.ShardLines;
        options.History.MinSamples = shape.Warmup; // Engine__History__MinSamples: the jobs after the warm-up plan with what it learned
        await using var runner = await BenchJobRunner.StartAsync(
            storage, ProviderSets.Create([endpoint], TimeProvider.System), catalog, options, cancellationToken);

        var history = new CompletionHistoryStore(storage.Blobs, options.History);
        var urls = new Dictionary<string, Uri?>(StringComparer.Ordinal) { [Provider] = endpoint.BaseUrl };
        var planner = new Planner(options.Planner);
        var tiers = new TierCatalog(catalog);
        var settings = JobSettings.Default with { TierPolicy = TierPolicy.Realtime, AllowedProviders = [Provider] };
        var jobs = new List<LearnedThroughputJob>();
        for (var number = 1; number <= shape.Warmup + shape.Rounds; number++)
        {
            var input = Enumerable.Range(0, shape.Lines)
                .Select(i => new BenchRequestLine($"job{number}-{i}", BenchRequestLine.ChatCompletions, Model, BenchRequestLine.FillerPrompt(i, shape.PromptChars), 50))
                .ToList();
            var workloads = Workloads(input, shape.ShardLines);
            // The history as the engine will read it when it plans this job: nothing records in between.
            var now = TimeProvider.System.GetUtcNow();
            var learned = await history.LoadAsync(urls, now, cancellationToken);
            var samples = learned.For(Provider, Model, BatchInference.Orchestrations.State.Tiers.Realtime, shape.Lines).Samples;
            var withoutHistory = planner.Plan(new PlanRequest(now, now.AddHours(24), settings, workloads), tiers);
            var withHistory = planner.Plan(new PlanRequest(now, now.AddHours(24), settings, workloads, learned), tiers);

            Console.Error.WriteLine($"{scenario.Name}: job {number} of {shape.Warmup + shape.Rounds} ({(number <= shape.Warmup ? "warm-up" : "measured")}, {samples} samples in the history)…");
            var job = await runner.RunAsync(
                "learned-throughput", BenchRequestLine.ToJsonl(input), Settings, TimeSpan.FromMinutes(5),
                () => $"emulator answered {emulator.RequestLog.BillableCount:N0} calls", cancellationToken);
            if (job.Summary.StartedAt is not { } started || job.Summary.FinishedAt is not { } finished || job.Summary.Counts.Succeeded != shape.Lines)
            {
                throw new InvalidOperationException($"Job {job.JobId} ended {job.Summary.Status} with {job.Summary.Counts.Succeeded} of {shape.Lines} lines answered.");
            }

            var plan = await EnginePlanFile.ReadAsync(storage, job.JobId, cancellationToken);
            var ledger = await runner.ReadLedgerAsync(job.JobId, cancellationToken);
            jobs.Add(new LearnedThroughputJob(
                number, number <= shape.Warmup, samples,
                finished - started,
                ledger.Max(e => e.FinishedAt) - started,
                withoutHistory.EstimatedFinish - now,
                withHistory.EstimatedFinish - now,
                (plan.EstimatedFinish ?? throw new InvalidOperationException($"Job {job.JobId}'s plan has no finish.")) - started,
                plan,
                job.Summary.Eta?.Basis));
        }

        return jobs;
    }

    // The shards' workloads as the engine's split makes them for one model: consecutive runs of shardLines lines.
    private static List<ShardWorkload> Workloads(IReadOnlyList<BenchRequestLine> input, int shardLines)
    {
        var estimator = new WorkloadEstimator();
        return [.. input.Chunk(shardLines).Select((chunk, shard) =>
        {
            var builder = new ShardWorkloadBuilder(shard, estimator);
            foreach (var line in chunk)
            {
                builder.Add(new RequestLine((shard * shardLines) + 1, line.CustomId, "POST", line.Url, line.Model, line.Body()));
            }

            return builder.Build();
        })];
    }

    private sealed record JobShape(int Lines, int ShardLines, int Warmup, int Rounds, int PromptChars);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
