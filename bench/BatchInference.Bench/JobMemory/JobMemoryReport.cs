namespace BatchInference.Bench.JobMemory;

/// <summary>Prints the two runs of <c>job-memory</c> side by side, with the ratios large ÷ small.</summary>
internal static class JobMemoryReport
{
    public static void Print(JobMemoryResult small, JobMemoryResult large)
    {
        Console.WriteLine();
        Console.WriteLine("Job runner memory: JobRunner.RunAsync, MaxConcurrency 64, no client rate limits; provider emulator (no latency)");
        Console.WriteLine("in its own process; Azurite on disk. Each size in a fresh process; RSS and managed heap sampled every 100 ms.");
        Console.WriteLine("run = execute (read, send, write results to the spool) + publish (upload results and ledger, spend report).");
        Console.WriteLine();
        Console.WriteLine(
            $"{"lines",10} {"input MB",9} {"idle RSS",9} {"upload RSS",11} {"execute RSS",12} {"publish RSS",12} {"run peak RSS",13} " +
            $"{"run peak heap",14} {"run alloc",10} {"execute s",10} {"publish s",10} {"lines/s exec",13} {"lines/s run",12}");
        foreach (var run in new[] { small, large })
        {
            Console.WriteLine(
                $"{run.Lines,10:N0} {Mb(run.InputBytes),9} {Mb(run.Phase("startup").PeakWorkingSetBytes),9} " +
                $"{Mb(run.Phase("upload").PeakWorkingSetBytes),11} {Mb(run.Phase("execute").PeakWorkingSetBytes),12} " +
                $"{Mb(run.Phase("publish").PeakWorkingSetBytes),12} {Mb(RunPeakRss(run)),13} {Mb(RunPeakHeap(run)),14} " +
                $"{Mb(RunAllocated(run)),10} {run.Phase("execute").Seconds,10:F1} {run.Phase("publish").Seconds,10:F1} " +
                $"{ExecuteRate(run),13:N0} {RunRate(run),12:N0}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"managed heap peak / allocated, MB",45} {"upload",17} {"execute",17} {"publish",17}");
        foreach (var run in new[] { small, large })
        {
            Console.WriteLine($"{run.Lines,45:N0} {Heap(run, "upload"),17} {Heap(run, "execute"),17} {Heap(run, "publish"),17}");
        }

        Console.WriteLine();
        Console.WriteLine(
            $"large ÷ small ({(double)large.Lines / small.Lines:F1}× the lines): run peak RSS {(double)RunPeakRss(large) / RunPeakRss(small):F2} (goal ≈ 1.0), " +
            $"execute RSS {(double)large.Phase("execute").PeakWorkingSetBytes / small.Phase("execute").PeakWorkingSetBytes:F2}, " +
            $"publish RSS {(double)large.Phase("publish").PeakWorkingSetBytes / small.Phase("publish").PeakWorkingSetBytes:F2}, " +
            $"run peak heap {(double)RunPeakHeap(large) / RunPeakHeap(small):F2}");
        Console.WriteLine(
            $"               lines/s execute {ExecuteRate(large) / ExecuteRate(small):F2}, lines/s run {RunRate(large) / RunRate(small):F2} (goal ≈ 1.0)");
        foreach (var run in new[] { small, large })
        {
            Console.WriteLine(
                $"{run.Lines:N0} lines: {run.Status}, {run.Succeeded:N0} succeeded, {run.Failed:N0} failed, {run.Invalid:N0} invalid; " +
                $"whole-process peak RSS (kernel) {Mb(run.ProcessPeakWorkingSetBytes).Trim()} MB, allocated {Mb(run.TotalAllocatedBytes).Trim()} MB, " +
                $"{run.Gen2Collections} gen-2 GCs");
        }
    }

    private static long RunPeakRss(JobMemoryResult run) =>
        Math.Max(run.Phase("execute").PeakWorkingSetBytes, run.Phase("publish").PeakWorkingSetBytes);

    private static long RunPeakHeap(JobMemoryResult run) =>
        Math.Max(run.Phase("execute").PeakManagedHeapBytes, run.Phase("publish").PeakManagedHeapBytes);

    private static long RunAllocated(JobMemoryResult run) =>
        run.Phase("execute").AllocatedBytes + run.Phase("publish").AllocatedBytes;

    private static double ExecuteRate(JobMemoryResult run) => run.Lines / run.Phase("execute").Seconds;

    private static double RunRate(JobMemoryResult run) => run.Lines / (run.Phase("execute").Seconds + run.Phase("publish").Seconds);

    private static string Heap(JobMemoryResult run, string phase)
    {
        var figures = run.Phase(phase);
        return $"{Mb(figures.PeakManagedHeapBytes)} / {Mb(figures.AllocatedBytes)}";
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:F1}";
}
