using System.Globalization;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Engine;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Prints the runs of <c>job-memory</c> one under the other, then the ratios: largest ÷ smallest size on this build
/// (memory flat in job size) and, with a baseline, this build ÷ the baseline per size (medians over the rounds).
/// </summary>
internal static class JobMemoryReport
{
    public static void Print(IReadOnlyList<JobMemoryRunOf> runs, EngineOptions engine, int? maxActivities = null)
    {
        PrintSettings(runs, engine, maxActivities);
        Console.WriteLine(
            $"{"build",-9} {"engine",-8} {"lines",10} {"input MB",9} {"idle RSS",9} {"upload RSS",11} {"split RSS",10} {"shards RSS",11} {"finish RSS",11} " +
            $"{"run peak RSS",13} {"run peak heap",14} {"run alloc",10} {"split s",8} {"shards s",9} {"finish s",9} {"wall s",8} {"lines/s",8} {"shards",7} {"parts",7}");
        foreach (var (build, _, run) in runs)
        {
            Console.WriteLine(
                $"{build,-9} {run.Engine ?? "queue",-8} {run.Lines,10:N0} {Mb(run.InputBytes),9} {Rss(run, "startup"),9} {Rss(run, "upload"),11} {Rss(run, "split"),10} " +
                $"{Rss(run, "shards"),11} {Rss(run, "finish"),11} {Mb(run.RunPeakWorkingSetBytes),13} {Mb(run.RunPeakManagedHeapBytes),14} " +
                $"{Mb(run.RunAllocatedBytes),10} {Seconds(run, "split"),8} {Seconds(run, "shards"),9} {Seconds(run, "finish"),9} " +
                $"{run.WallSeconds,8:F1} {run.LinesPerSecond,8:N0} {run.Shards,7:N0} {run.CheckpointParts,7:N0}");
        }

        PrintSizeRatios(runs.Where(r => r.Build == JobMemoryRunOf.This).Select(r => r.Result).ToList());
        PrintBaselineRatios(runs);
        OrchestrationOverheadReport.Print(runs.Select(r => r.Result).Where(r => r.Orchestration is not null).ToList());
        Console.WriteLine();
        foreach (var (build, round, run) in runs)
        {
            Console.WriteLine(
                $"{build} round {round}, {run.Lines:N0} lines: {run.Status}, {run.Succeeded:N0} succeeded, {run.Failed:N0} failed, {run.Invalid:N0} invalid; " +
                (run.Orchestration is null ? $"{run.MessagesReceived:N0} queue messages, {run.MessagesFailed:N0} failed attempts; " : "") +
                $"whole-process peak RSS (kernel) {Mb(run.ProcessPeakWorkingSetBytes)} MB, allocated {Mb(run.TotalAllocatedBytes)} MB, " +
                $"{run.Gen2Collections} gen-2 GCs");
        }
    }

    private static void PrintSettings(IReadOnlyList<JobMemoryRunOf> runs, EngineOptions engine, int? maxActivities)
    {
        var defaults = new EngineOptions();
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"JobEngine (shards of ≤ {engine.ShardMaxLines:N0} lines / {engine.ShardMaxBytes / 1048576} MB, in-flight window {engine.InFlightLimit}, checkpoint every " +
            $"{engine.CheckpointLines} lines{(engine.CheckpointLines == defaults.CheckpointLines ? "" : $" (default {defaults.CheckpointLines})")} " +
            $"or {engine.CheckpointInterval.TotalSeconds:F0} s), RealtimeClient MaxConcurrency {JobMemoryRun.ProviderConcurrency}."));
        if (runs.Any(r => r.Engine == "queue"))
        {
            Console.WriteLine("queue (a baseline build's engine, deleted since): one in-process WorkerHost with its default settings, a queue per run.");
        }

        if (runs.Any(r => r.Engine == "durable"))
        {
            var hub = new DurableTaskHubOptions();
            Console.WriteLine(
                $"durable: one in-process DurableWorkerHost ({hub.PartitionCount} partitions, {maxActivities ?? hub.MaxConcurrentActivities} activities" +
                $"{(maxActivities is null ? "" : $" (default {hub.MaxConcurrentActivities})")} and " +
                $"{hub.MaxConcurrentOrchestrations} orchestrations at once), a task hub per run, slices of ≤ {engine.SliceMaxLines:N0} lines / " +
                $"{engine.SliceMaxDuration.TotalSeconds:F0} s, continue-as-new every {engine.ShardStepsPerExecution} shard activities.");
        }

        Console.WriteLine("Provider emulator (no latency) in its own process; Azurite on disk. Each run in a fresh process; RSS and managed heap");
        Console.WriteLine("sampled every 100 ms. run = split (job pending) + shards (running) + finish (merge, publish); wall = submit → summary seen.");
        Console.WriteLine();
    }

    private static void PrintSizeRatios(IReadOnlyList<JobMemoryResult> runs)
    {
        var bySize = runs.GroupBy(r => r.Lines).OrderBy(g => g.Key).ToList();
        if (bySize.Count < 2)
        {
            return;
        }

        var (small, large) = (bySize[0], bySize[^1]);
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"this build, {large.Key:N0} ÷ {small.Key:N0} lines ({(double)large.Key / small.Key:F1}×), medians: run peak RSS " +
            $"{Median(large, r => r.RunPeakWorkingSetBytes) / Median(small, r => r.RunPeakWorkingSetBytes):F2} (goal ≈ 1.0), run peak heap " +
            $"{Median(large, r => r.RunPeakManagedHeapBytes) / Median(small, r => r.RunPeakManagedHeapBytes):F2}, lines/s " +
            $"{Median(large, r => r.LinesPerSecond) / Median(small, r => r.LinesPerSecond):F2} (goal ≈ 1.0)"));
    }

    private static void PrintBaselineRatios(IReadOnlyList<JobMemoryRunOf> runs)
    {
        foreach (var size in runs.Where(r => r.Build == JobMemoryRunOf.Baseline).GroupBy(r => r.Result.Lines).OrderBy(g => g.Key))
        {
            var baseline = size.Select(r => r.Result).ToList();
            var own = runs.Where(r => r.Build == JobMemoryRunOf.This && r.Result.Lines == size.Key).Select(r => r.Result).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"this ÷ baseline, {size.Key:N0} lines, medians of {own.Count} and {baseline.Count} runs: lines/s " +
                $"{Median(own, r => r.LinesPerSecond) / Median(baseline, r => r.LinesPerSecond):F2} (goal ≥ 0.8; {Median(own, r => r.LinesPerSecond):N0} vs " +
                $"{Median(baseline, r => r.LinesPerSecond):N0}), run peak RSS {Median(own, r => r.RunPeakWorkingSetBytes) / Median(baseline, r => r.RunPeakWorkingSetBytes):F2} " +
                $"({Mb((long)Median(own, r => r.RunPeakWorkingSetBytes))} vs {Mb((long)Median(baseline, r => r.RunPeakWorkingSetBytes))} MB), run peak heap " +
                $"{Median(own, r => r.RunPeakManagedHeapBytes) / Median(baseline, r => r.RunPeakManagedHeapBytes):F2}"));
        }
    }

    private static double Median(IEnumerable<JobMemoryResult> runs, Func<JobMemoryResult, double> value)
    {
        var sorted = runs.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Rss(JobMemoryResult run, string phase) =>
        run.Phase(phase) is { } figures ? Mb(figures.PeakWorkingSetBytes) : "-";

    private static string Seconds(JobMemoryResult run, string phase) =>
        run.Phase(phase) is { } figures ? figures.Seconds.ToString("F1", CultureInfo.InvariantCulture) : "-";

    internal static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
