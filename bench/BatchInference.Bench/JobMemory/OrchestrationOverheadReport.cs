using System.Globalization;

namespace BatchInference.Bench.JobMemory;

/// <summary>Prints what each job on Durable Task cost the task hub: instances, episodes, activities, stored history.</summary>
internal static class OrchestrationOverheadReport
{
    public static void Print(IReadOnlyList<JobMemoryResult> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("Orchestration overhead per job (the task hub's tables read after the job; episodes = orchestrator replays):");
        Console.WriteLine(
            $"{"lines",10} {"instances",10} {"episodes",9} {"activities",11} {"per 1k lines",13} {"history rows",13} {"history KiB",12} {"B/line",7} {"max rows/instance",18}  activities by name");
        foreach (var run in runs)
        {
            var overhead = run.Orchestration!;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{run.Lines,10:N0} {overhead.Instances,10:N0} {overhead.Episodes,9:N0} {overhead.Activities,11:N0} {overhead.Activities * 1000.0 / run.Lines,13:F2} " +
                $"{overhead.HistoryRows,13:N0} {overhead.HistoryBytes / 1024.0,12:F1} {(double)overhead.HistoryBytes / run.Lines,7:F1} " +
                $"{overhead.MaxInstanceHistoryRows,18:N0}  {string.Join(", ", overhead.ActivitiesByName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))}"));
        }
    }
}
