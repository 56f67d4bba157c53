using System.Globalization;
using BatchInference.Orchestrations.Engine;
using BatchInference.Workers;

namespace BatchInference.Bench.JobMemory;

/// <summary>Prints the runs of <c>job-memory</c> one under the other and, for two, the ratios large ÷ small.</summary>
internal static class JobMemoryReport
{
    public static void Print(IReadOnlyList<JobMemoryResult> runs, EngineOptions engine)
    {
        var worker = new WorkerOptions();
        var defaults = new EngineOptions();
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Job engine memory: one in-process WorkerHost (defaults: {worker.MaxConcurrentMessages} messages at once), JobEngine (shards of " +
            $"≤ {engine.ShardMaxLines:N0} lines / {engine.ShardMaxBytes / 1048576} MB, in-flight window {engine.InFlightLimit}, checkpoint every " +
            $"{engine.CheckpointLines} lines{(engine.CheckpointLines == defaults.CheckpointLines ? "" : $" (default {defaults.CheckpointLines})")} " +
            $"or {engine.CheckpointInterval.TotalSeconds:F0} s),"));
        Console.WriteLine(
            $"RealtimeClient MaxConcurrency {JobMemoryRun.ProviderConcurrency}; provider emulator (no latency) in its own process; Azurite on disk, a queue per run.");
        Console.WriteLine("Each size in a fresh process; RSS and managed heap sampled every 100 ms. run = split (job pending) + shards (running) +");
        Console.WriteLine("finish (merge, publish); wall = submit → summary seen (polled every 250 ms).");
        Console.WriteLine();
        Console.WriteLine(
            $"{"lines",10} {"input MB",9} {"idle RSS",9} {"upload RSS",11} {"split RSS",10} {"shards RSS",11} {"finish RSS",11} {"run peak RSS",13} " +
            $"{"run peak heap",14} {"run alloc",10} {"split s",8} {"shards s",9} {"finish s",9} {"wall s",8} {"lines/s",8} {"shards",7} {"parts",7}");
        foreach (var run in runs)
        {
            Console.WriteLine(
                $"{run.Lines,10:N0} {Mb(run.InputBytes),9} {Rss(run, "startup"),9} {Rss(run, "upload"),11} {Rss(run, "split"),10} " +
                $"{Rss(run, "shards"),11} {Rss(run, "finish"),11} {Mb(run.RunPeakWorkingSetBytes),13} {Mb(run.RunPeakManagedHeapBytes),14} " +
                $"{Mb(run.RunAllocatedBytes),10} {Seconds(run, "split"),8} {Seconds(run, "shards"),9} {Seconds(run, "finish"),9} " +
                $"{run.WallSeconds,8:F1} {run.LinesPerSecond,8:N0} {run.Shards,7:N0} {run.CheckpointParts,7:N0}");
        }

        if (runs is [var small, var large])
        {
            PrintRatios(small, large);
        }

        Console.WriteLine();
        foreach (var run in runs)
        {
            Console.WriteLine(
                $"{run.Lines:N0} lines: {run.Status}, {run.Succeeded:N0} succeeded, {run.Failed:N0} failed, {run.Invalid:N0} invalid; " +
                $"{run.MessagesReceived:N0} queue messages, {run.MessagesFailed:N0} failed attempts; " +
                $"whole-process peak RSS (kernel) {Mb(run.ProcessPeakWorkingSetBytes)} MB, allocated {Mb(run.TotalAllocatedBytes)} MB, " +
                $"{run.Gen2Collections} gen-2 GCs");
        }
    }

    private static void PrintRatios(JobMemoryResult small, JobMemoryResult large)
    {
        Console.WriteLine();
        Console.WriteLine(
            $"large ÷ small ({(double)large.Lines / small.Lines:F1}× the lines): run peak RSS {Ratio(large.RunPeakWorkingSetBytes, small.RunPeakWorkingSetBytes)} " +
            $"(goal ≈ 1.0), shards RSS {PhaseRatio(large, small, "shards")}, finish RSS {PhaseRatio(large, small, "finish")}, " +
            $"run peak heap {Ratio(large.RunPeakManagedHeapBytes, small.RunPeakManagedHeapBytes)}");
        Console.WriteLine($"               lines/s {large.LinesPerSecond / small.LinesPerSecond:F2} (goal ≈ 1.0)");
    }

    private static string Rss(JobMemoryResult run, string phase) =>
        run.Phase(phase) is { } figures ? Mb(figures.PeakWorkingSetBytes) : "-";

    private static string Seconds(JobMemoryResult run, string phase) =>
        run.Phase(phase) is { } figures ? figures.Seconds.ToString("F1", CultureInfo.InvariantCulture) : "-";

    private static string PhaseRatio(JobMemoryResult large, JobMemoryResult small, string phase) =>
        large.Phase(phase) is { } l && small.Phase(phase) is { } s ? Ratio(l.PeakWorkingSetBytes, s.PeakWorkingSetBytes) : "-";

    private static string Ratio(long large, long small) => ((double)large / small).ToString("F2", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
