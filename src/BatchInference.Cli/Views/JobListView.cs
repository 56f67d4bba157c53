using System.Globalization;
using BatchInference.Orchestrations.State;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary><c>bi jobs</c>: one row per job, newest first.</summary>
internal static class JobListView
{
    public static void Write(IAnsiConsole console, IReadOnlyList<JobState> jobs)
    {
        if (jobs.Count == 0)
        {
            console.MarkupLine("No jobs in this storage account yet ([blue]bi submit FILE[/] adds one).");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("Job").NoWrap());
        table.AddColumn(new TableColumn("Status").NoWrap());
        table.AddColumn("Source");
        table.AddColumn(new TableColumn("Lines").RightAligned());
        table.AddColumn(new TableColumn("Shards").RightAligned());
        table.AddColumn("Created");
        table.AddColumn("Finished");
        foreach (var job in jobs.OrderByDescending(j => j.CreatedAt))
        {
            table.AddRow(
                Markup.Escape(job.JobId),
                StatusNames.Colored(job.Status) + (job.CancelRequested && !job.Status.IsTerminal() ? " [yellow](cancelling)[/]" : string.Empty),
                Markup.Escape(job.Source.ToString()),
                job.ShardCount is null ? "-" : job.Lines.ToString("N0", CultureInfo.InvariantCulture),
                job.ShardCount is { } count ? string.Create(CultureInfo.InvariantCulture, $"{job.ShardsFinished.Count}/{count}") : "-",
                Times.Format(job.CreatedAt),
                Times.Format(job.FinishedAt));
        }

        console.Write(table);
        console.MarkupLineInterpolated($"{jobs.Count} job(s). Details: bi status JOB");
    }
}
