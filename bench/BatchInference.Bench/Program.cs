using System.Runtime.InteropServices;
using BatchInference.Bench;
using BatchInference.Bench.JobMemory;
using BatchInference.Bench.Parquet;

// Usage: dotnet run -c Release --project bench/BatchInference.Bench -- <benchmark> [--option value ...]
// Each benchmark measures against a baseline in the same run and prints ratios; nothing here is a pass/fail test.
IBenchmark[] benchmarks = [new ParquetWriterBenchmark(), new JobMemoryBenchmark(), new JobMemoryRun(), new JobMemoryEmulator(), new BatchInference.Bench.Tiers.RateLimitBenchmark(), new BatchInference.Bench.Tiers.CostBenchmark(), new BatchInference.Bench.Tiers.OutageBenchmark(), new BatchInference.Bench.Durable.DurableBenchmark(), new BatchInference.Bench.PromptCache.PromptCacheBenchmark(), new BatchInference.Bench.History.ThroughputTallyBenchmark(), new BatchInference.Bench.History.LearnedThroughputBenchmark()];

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("Usage: BatchInference.Bench <benchmark> [options]\n\nBenchmarks:");
    foreach (var benchmark in benchmarks)
    {
        Console.WriteLine($"  {benchmark.Name,-20} {benchmark.Description}");
    }

    return args.Length == 0 ? 1 : 0;
}

var selected = benchmarks.FirstOrDefault(b => string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase));
if (selected is null)
{
    Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Run with --help to list them.");
    return 1;
}

// Ctrl+C or a kill (SIGTERM) stops the benchmark through its token, so it still stops its child processes and Azurite.
using var cancellation = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

try
{
    return await selected.RunAsync(BenchArguments.Parse(args.AsSpan(1)), cancellation.Token);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
