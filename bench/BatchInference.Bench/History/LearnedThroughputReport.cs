using System.Globalization;

namespace BatchInference.Bench.History;

/// <summary>Prints the <c>learned-throughput</c> figures: a row per job, then the medians over the measured rounds.</summary>
internal static class LearnedThroughputReport
{
    public static void Print(
        LearnedThroughputScenario scenario, int lines, int shardLines, string catalogPath, string loadBefore, string loadAfter, IReadOnlyList<LearnedThroughputJob> jobs)
    {
        var emulator = scenario.Emulator;
        Console.WriteLine(Invariant($"learned-throughput, {scenario.Name}: {jobs.Count} real-time jobs of {lines:N0} lines ({shardLines} per shard), gpt-4.1-mini on one emulator endpoint"));
        Console.WriteLine(Invariant(
            $"emulator: {emulator.RequestsPerMinute / 60} requests per 1 s window, latency {emulator.Latency.TotalMilliseconds:F0} ms + up to {emulator.LatencyJitter.TotalMilliseconds:F0} ms; catalog {Path.GetFileName(catalogPath)}; load average before {loadBefore}, after {loadAfter}"));
        Console.WriteLine("Estimates from the moment of planning, actual times from started_at: answered = the last ledger answer, finished = finished_at.");
        Console.WriteLine("catalog = the planner without history; learned = the planner with the history the engine read; engine = the job's plan.json (check).");
        Console.WriteLine();
        Console.WriteLine("job  kind     samples  at learned  answered  finished   catalog   learned    engine  catalog err  learned err  ratio  mid deadline: feasible by catalog/learned, met");
        foreach (var job in jobs)
        {
            var mid = job.MidDeadline;
            var deadline = job.EstimatesDiffer ? Invariant($"{S(mid)}: {YesNo(job.Catalog <= mid)}/{YesNo(job.Learned <= mid)}, {YesNo(job.Finished <= mid)}") : "-";
            Console.WriteLine(Invariant(
                $"{job.Number,3}  {(job.Warmup ? "warm-up" : "measured"),-8} {job.SamplesBefore,7}  {YesNo(job.Plan.PlannedAtLearnedRate),10}  {S(job.Answered),8}  {S(job.Finished),8}  {S(job.Catalog),8}  {S(job.Learned),8}  {S(job.Engine),8}  {P(job.CatalogError),11}  {P(job.LearnedError),11}  {job.ErrorRatio,5:F2}  {deadline}"));
        }

        var measured = jobs.Where(j => !j.Warmup).ToList();
        var warmups = jobs.Where(j => j.Warmup).ToList();
        Console.WriteLine();
        if (warmups.Count > 0)
        {
            Console.WriteLine(Invariant(
                $"warm-up (catalog plans): median error {P(Median(warmups.Select(j => j.CatalogError)))} of finished, {P(Median(warmups.Select(j => LearnedThroughputJob.Error(j.Catalog, j.Answered))))} of answered"));
        }

        if (measured.Count > 0)
        {
            Console.WriteLine(Invariant(
                $"measured rounds: {measured.Count(j => j.Plan.LearnedNote is not null)} of {measured.Count} engine plans noted 'learned from N samples', {measured.Count(j => j.Plan.PlannedAtLearnedRate)} planned a shard at the learned rate"));
            if (measured[^1].Plan.LearnedNote is { } note)
            {
                Console.WriteLine($"  last note: {note}");
            }

            Console.WriteLine($"  last summary.json ETA basis: {measured[^1].EtaBasis ?? "none"}");

            Console.WriteLine(Invariant(
                $"median over {measured.Count} measured rounds, error of finished: catalog {P(Median(measured.Select(j => j.CatalogError)))}, learned {P(Median(measured.Select(j => j.LearnedError)))}, ratio learned ÷ catalog {Median(measured.Select(j => j.ErrorRatio)):F2}"));
            Console.WriteLine(Invariant(
                $"                                 error of answered: catalog {P(Median(measured.Select(j => LearnedThroughputJob.Error(j.Catalog, j.Answered))))}, learned {P(Median(measured.Select(j => LearnedThroughputJob.Error(j.Learned, j.Answered))))}"));
        }

        Console.WriteLine(Invariant(
            $"lines ÷ answered, median over all jobs: {Median(jobs.Select(j => lines / j.Answered.TotalSeconds)):F1} lines/s; the catalog's limit {emulator.RequestsPerMinute / 60.0:F1} requests/s"));
        Console.WriteLine();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string S(TimeSpan duration) => Invariant($"{duration.TotalSeconds:F2} s");

    private static string P(double fraction) => Invariant($"{fraction * 100:F0} %");

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
