using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Jobs.Output;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// Does a provider outage cost time rather than lines? Runs a real-time job of N lines through the engine against the
/// emulator in three scenarios: 50 % of calls answered 5xx for the whole run (30-minute window), every call answered
/// 5xx for the first 40 s (4-hour window), and every call answered 5xx for the whole window (a short window, so the
/// deadline ends it). Prints per scenario the lines succeeded and failed (by error code), each line counted once, the
/// ledger lines against the emulator's billable calls, and when the job ended against its deadline.
/// </summary>
internal sealed class OutageBenchmark : IBenchmark
{
    private const string Model = "gpt-4.1-mini";

    public string Name => "outages";

    public string Description =>
        "lines lost to provider outages: 50 % 5xx, a 40 s total outage, a whole-window outage [--lines 1000] [--outage-seconds 40] [--short-window-seconds 90] [--only half|burst|whole]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var lines = arguments.GetInt32("lines", 1000);
        var outage = TimeSpan.FromSeconds(arguments.GetInt32("outage-seconds", 40));
        var shortWindow = TimeSpan.FromSeconds(arguments.GetInt32("short-window-seconds", 90));
        var only = arguments.GetString("only", string.Empty);
        OutageScenario[] scenarios =
        [
            new("half", "50 % 5xx, 30-minute window", TimeSpan.FromMinutes(30), ErrorRate: 0.5, RecoverAfter: null),
            new("burst", $"100 % 5xx for {outage.TotalSeconds:F0} s, 4-hour window", TimeSpan.FromHours(4), ErrorRate: 1.0, RecoverAfter: outage),
            new("whole", $"100 % 5xx for the whole {shortWindow.TotalSeconds:F0} s window", shortWindow, ErrorRate: 1.0, RecoverAfter: null),
        ];

        return await BenchStorage.RunAsync(Name, async (storage, spool) =>
        {
            var failed = false;
            foreach (var scenario in scenarios.Where(s => only.Length == 0 || s.Key == only))
            {
                failed |= !await RunScenarioAsync(storage, scenario, lines, spool, cancellationToken);
            }

            return failed ? 1 : 0;
        }, cancellationToken);
    }

    private static async Task<bool> RunScenarioAsync(BenchStorage storage, OutageScenario scenario, int lines, string spool, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Running '{scenario.Title}': {lines:N0} lines…");
        await using var emulator = await EmulatorServer.StartAsync(
            new EmulatorOptions { ServerErrorRate = scenario.ErrorRate, Latency = TimeSpan.FromMilliseconds(20), Seed = 5 }, cancellationToken);
        var endpoint = new ProviderEndpointOptions { BaseUrl = new Uri(emulator.BaseAddress, "v1"), ApiKey = "bench" };
        var providers = ProviderSets.Create([endpoint], TimeProvider.System);
        await using var runner = await BenchJobRunner.StartAsync(storage, providers, PriceCatalog.BuiltIn(), BenchJobRunner.FastEngineOptions(spool), cancellationToken);
        var input = Enumerable.Range(0, lines).Select(i => new BenchRequestLine($"line-{i:D5}", BenchRequestLine.ChatCompletions, Model, $"Say hello to number {i}.", 16));

        // The outage clock starts with the job: the emulator recovers that long after the submit.
        using var recover = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var recovery = scenario.RecoverAfter is { } after ? RecoverAsync(emulator, after, recover.Token) : Task.CompletedTask;
        var window = (long)scenario.Window.TotalSeconds;
        var submitted = TimeProvider.System.GetUtcNow();
        var deadline = submitted + scenario.Window;
        var job = await runner.RunAsync(
            "outages-" + scenario.Key,
            BenchRequestLine.ToJsonl(input),
            $$"""{"completion_window":"{{window}}s","tier_policy":"realtime"}""",
            scenario.Window + TimeSpan.FromMinutes(5),
            () => Progress(emulator),
            cancellationToken);
        await recover.CancelAsync();
        await recovery.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var counts = job.Summary.Counts;
        var codes = await ErrorCodesAsync(storage, job.JobId, cancellationToken);
        var ledger = (await runner.ReadLedgerAsync(job.JobId, cancellationToken)).Count;
        var log = emulator.RequestLog.Snapshot();
        var billable = log.Count(r => r.Billable);
        var finishedBy = submitted + job.Wall - deadline;
        Console.WriteLine($"## {scenario.Title}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  status {job.Summary.Status}, total {counts.Total:N0}, succeeded {counts.Succeeded:N0}, failed {counts.Failed:N0}, invalid {counts.Invalid:N0}"));
        Console.WriteLine($"  failed by code: {(codes.Count == 0 ? "none" : string.Join(", ", codes.Select(c => $"{c.Key} {c.Value:N0}")))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  calls {log.Count:N0} ({log.Count(r => r.StatusCode >= 500):N0} answered 5xx); ledger lines {ledger:N0}, emulator billable {billable:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wall {job.Wall.TotalSeconds:F0} s; ended {Math.Abs(finishedBy.TotalSeconds):F0} s {(finishedBy < TimeSpan.Zero ? "before" : "after")} the deadline"));
        return ledger == billable && counts.Total == lines && counts.Succeeded + counts.Failed == lines;
    }

    private static async Task RecoverAsync(EmulatorServer emulator, TimeSpan after, CancellationToken cancellationToken)
    {
        await Task.Delay(after, cancellationToken);
        emulator.Reconfigure(o => o.ServerErrorRate = 0);
        Console.Error.WriteLine($"  the emulator recovered after {after.TotalSeconds:F0} s");
    }

    private static async Task<SortedDictionary<string, int>> ErrorCodesAsync(BenchStorage storage, string jobId, CancellationToken cancellationToken)
    {
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var download = await storage.Blobs.DownloadAsync(StorageLayout.ResultsContainer, StorageLayout.Errors(jobId), cancellationToken: cancellationToken);
        await using (download)
        {
            await foreach (var line in BatchOutputReader.ReadAsync(download.Content, cancellationToken: cancellationToken))
            {
                var code = line.Error?.Code ?? $"http_{line.Response?.StatusCode}";
                codes[code] = codes.GetValueOrDefault(code) + 1;
            }
        }

        return codes;
    }

    private static string Progress(EmulatorServer emulator)
    {
        var log = emulator.RequestLog.Snapshot();
        return $"emulator answered {log.Count(r => r.Billable):N0} calls, {log.Count(r => r.StatusCode >= 500):N0} with 5xx";
    }

    private sealed record OutageScenario(string Key, string Title, TimeSpan Window, double ErrorRate, TimeSpan? RecoverAfter);
}
