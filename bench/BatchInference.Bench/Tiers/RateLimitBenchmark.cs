using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Providers.RateLimiting;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// How much of a provider's rate limit does the real-time tier use, and how often does it hit a 429? Runs a real-time
/// job through the engine against the emulator with a TPM limit (and then an RPM limit) whose window is shortened to a
/// few seconds, with our client given the same budget, and reads the emulator's request log: tokens (requests) admitted
/// per window ÷ the limit, and the share of calls answered 429.
/// </summary>
internal sealed class RateLimitBenchmark : IBenchmark
{
    private const string Model = "gpt-4.1-mini";

    public string Name => "tiers-ratelimit";

    public string Description =>
        "real-time use of the emulator's TPM/RPM limits and 429 share [--tpm 120000] [--tpm-window 10] [--rpm 150] [--rpm-window 5] (0 skips) [--windows 6] [--prompt-chars 2000] [--max-tokens 100] [--calls-csv PREFIX]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var windows = arguments.GetInt32("windows", 6, min: 2);
        var maxTokens = arguments.GetInt32("max-tokens", 100);
        var scenarios = new List<RateLimitScenario>();
        if (arguments.GetInt32("tpm", 120_000, min: 0) is var tpm and > 0)
        {
            scenarios.Add(new RateLimitScenario(
                "TPM-bound", LimitedResource.Tokens, tpm, TimeSpan.FromSeconds(arguments.GetInt32("tpm-window", 10)), windows,
                arguments.GetInt32("prompt-chars", 2000), maxTokens));
        }

        if (arguments.GetInt32("rpm", 150, min: 0) is var rpm and > 0)
        {
            scenarios.Add(new RateLimitScenario(
                "RPM-bound", LimitedResource.Requests, rpm, TimeSpan.FromSeconds(arguments.GetInt32("rpm-window", 5)), windows,
                PromptChars: 200, MaxTokens: 16));
        }

        var csv = arguments.GetString("calls-csv", string.Empty);
        return await BenchStorage.RunAsync(Name, async (storage, spool) =>
        {
            foreach (var scenario in scenarios)
            {
                await RunScenarioAsync(storage, scenario, spool, csv.Length == 0 ? null : $"{csv}-{scenario.Resource.ToString().ToLowerInvariant()}.csv", cancellationToken);
            }

            return 0;
        }, cancellationToken);
    }

    private static async Task RunScenarioAsync(
        BenchStorage storage, RateLimitScenario scenario, string spool, string? csvPath, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Running {scenario.Name}: {scenario.Lines:N0} lines…");
        await using var emulator = await EmulatorServer.StartAsync(scenario.EmulatorOptions(), cancellationToken);
        var endpoint = scenario.Endpoint(new Uri(emulator.BaseAddress, "v1"));
        var providers = ProviderSets.Create([endpoint], TimeProvider.System);
        var options = BenchJobRunner.FastEngineOptions(spool);
        options.ShardMaxLines = Math.Max(1, scenario.Lines / 4); // a few shards share the one client, as they would in a worker
        await using var runner = await BenchJobRunner.StartAsync(storage, providers, PriceCatalog.BuiltIn(), options, cancellationToken);

        var input = scenario.Input(Model).ToList();
        var expected = scenario.Window * (scenario.Windows + 1);
        var job = await runner.RunAsync(
            "tiers-ratelimit",
            BenchRequestLine.ToJsonl(input),
            """{"completion_window":"24h","tier_policy":"realtime"}""",
            (expected * 3) + TimeSpan.FromMinutes(1),
            () => Progress(emulator),
            cancellationToken);

        var log = emulator.RequestLog.Snapshot();
        var measurement = RateLimitMeasurement.Measure(log, BenchRequestLine.ChatCompletions, scenario.Resource, scenario.Window, scenario.MaxTokens);
        // What our client reserves per request against its TPM budget, by its own estimator, for the report to compare.
        var reserved = input.Average(l => (double)RequestTokenEstimator.Estimate(l.Body(), l.Url, endpoint.DefaultOutputTokens));
        RateLimitReport.Print(scenario, measurement, job, reserved);
        if (csvPath is not null)
        {
            await WriteCallsAsync(csvPath, log, cancellationToken);
            Console.Error.WriteLine($"Every call written to {csvPath}");
        }
    }

    private static string Progress(EmulatorServer emulator)
    {
        var log = emulator.RequestLog.Snapshot();
        return $"emulator answered {log.Count(r => r.Billable):N0} calls, {log.Count(r => r.StatusCode == 429):N0} with 429";
    }

    // One row per model call, for plotting: milliseconds since the first call, status, prompt tokens, client request id.
    private static async Task WriteCallsAsync(string path, IReadOnlyList<EmulatorRequestRecord> log, CancellationToken cancellationToken)
    {
        var calls = log.Where(r => r.Path == BenchRequestLine.ChatCompletions).OrderBy(r => r.At).ToList();
        var rows = calls.Select(r => string.Create(
            CultureInfo.InvariantCulture, $"{(r.At - calls[0].At).TotalMilliseconds:F1},{r.StatusCode},{r.PromptTokens},{r.ClientRequestId}"));
        await File.WriteAllLinesAsync(path, ["ms,status,prompt_tokens,client_request_id", .. rows], cancellationToken);
    }
}
