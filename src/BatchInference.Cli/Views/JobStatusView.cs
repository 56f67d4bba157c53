using System.Globalization;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary><c>bi status</c>: the job's state, a table of its shards, and totals.</summary>
internal static class JobStatusView
{
    public static void Write(IAnsiConsole console, JobStatusReport report, JobSummary? summary)
    {
        var job = report.Job;
        var state = new Table().Border(TableBorder.Rounded).HideHeaders().Title($"Job [bold]{Markup.Escape(job.JobId)}[/]");
        state.AddColumn(string.Empty);
        state.AddColumn(string.Empty);
        state.AddRow("Status", StatusNames.Colored(job.Status));
        state.AddRow("Source", Markup.Escape(job.Source.ToString()));
        state.AddRow("Created", Times.Format(job.CreatedAt));
        state.AddRow("Started", Times.Format(job.StartedAt));
        state.AddRow("Finished", Times.Format(job.FinishedAt));
        state.AddRow("Deadline", Times.Format(job.Deadline ?? summary?.Deadline));
        if (!job.Status.IsTerminal() && report.Eta is { } eta)
        {
            state.AddRow("ETA", Markup.Escape($"{Times.Format(eta.EstimatedFinish)} ({eta.Basis})"));
        }
        else if (summary?.Eta is { } planned)
        {
            state.AddRow("Planned finish", Markup.Escape($"{Times.Format(planned.EstimatedFinish)} ({planned.Basis})"));
        }

        state.AddRow("Cancel requested", job.CancelRequested ? "[yellow]yes[/]" : "no");
        if ((job.FailureReason ?? summary?.FailureReason) is { } reason)
        {
            state.AddRow("Failure reason", $"[red]{Markup.Escape(reason)}[/]");
        }

        state.AddRow("Lines", job.ShardCount is null ? "not split yet" : N(job.Lines));
        state.AddRow("Shards", job.ShardCount is { } count ? $"{N(job.ShardsFinished.Count)}/{N(count)} finished" : "-");
        console.Write(state);

        if (report.Shards.Count > 0 || summary is not null)
        {
            console.Write(ShardTable(report, summary));
        }

        if (report.Notifications.Count > 0)
        {
            console.Write(NotificationView.Table(report.Notifications));
        }
    }

    private static Table ShardTable(JobStatusReport report, JobSummary? summary)
    {
        var job = report.Job;
        // Once published, a job's checkpoints are merged into results/<id>/ and deleted (unless Engine:KeepWorkFiles):
        // then the totals come from summary.json and the shards' own counters are no longer known.
        var merged = summary is not null && job.Status.IsTerminal() && report.Progress.Lines == 0;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Shard");
        table.AddColumn("Status");
        table.AddColumn("Tier");
        foreach (var numeric in new[] { "Done/lines", "Succeeded", "Failed", "Invalid", "Runs" })
        {
            table.AddColumn(new TableColumn(numeric).RightAligned());
        }

        table.AddColumn("Leased");
        foreach (var shard in report.Shards)
        {
            var p = shard.Progress;
            var total = shard.Lines is { } lines ? N(lines) : "?";
            table.AddRow(
                shard.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(StatusNames.Of(shard.Status)),
                Markup.Escape(shard.Tier ?? "-"),
                merged ? $"-/{total}" : $"{N(p.Lines)}/{total}",
                merged ? "-" : N(p.Succeeded),
                merged ? "-" : N(p.Failed),
                merged ? "-" : N(p.Invalid),
                N(shard.Runs),
                shard.Leased ? "yes" : "no");
        }

        var totals = summary is not null && job.Status.IsTerminal()
            ? new ShardProgress(summary.Counts.Total, summary.Counts.Succeeded, summary.Counts.Failed, summary.Counts.Invalid, 0, summary.Cost.EffectiveUsd)
            : report.Progress;
        table.AddRow(
            "[bold]total[/]",
            string.Empty,
            string.Empty,
            $"[bold]{N(totals.Lines)}/{(job.ShardCount is null ? "?" : N(job.Lines))}[/]",
            $"[bold]{N(totals.Succeeded)}[/]",
            $"[bold]{N(totals.Failed)}[/]",
            $"[bold]{N(totals.Invalid)}[/]",
            N(report.Shards.Sum(s => s.Runs)),
            string.Empty);
        var cost = totals.Cost.ToString("0.000000", CultureInfo.InvariantCulture);
        table.Caption(merged
            ? $"Cost ${cost}. Checkpoints are merged into {StorageLayout.ResultsContainer}/{Markup.Escape(job.JobId)}/; totals from summary.json."
            : $"Cost so far ${cost}.");
        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
