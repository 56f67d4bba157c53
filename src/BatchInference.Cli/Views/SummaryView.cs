using System.Globalization;
using BatchInference.Jobs.Summary;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>The end-of-job table: outcome counts, tokens, cost and time.</summary>
internal static class SummaryView
{
    public static void Write(IAnsiConsole console, JobSummary summary, IReadOnlyList<(string Label, string Value)> extra)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().Title($"Job [bold]{summary.JobId}[/]");
        table.AddColumn("");
        table.AddColumn(new TableColumn("").RightAligned());
        var status = summary.Status switch
        {
            JobSummaryStatus.Completed => "[green]completed[/]",
            JobSummaryStatus.CompletedWithErrors => "[yellow]completed_with_errors[/]",
            JobSummaryStatus.Cancelled => "[yellow]cancelled[/]",
            JobSummaryStatus.BudgetExceeded => "[yellow]budget_exceeded[/]",
            _ => "[red]failed[/]",
        };
        table.AddRow("Status", status);
        if (summary.FailureReason is { } reason)
        {
            table.AddRow("Reason", Markup.Escape(reason));
        }

        var c = summary.Counts;
        table.AddRow("Lines", N(c.Total));
        table.AddRow("  succeeded", $"[green]{N(c.Succeeded)}[/]");
        table.AddRow("  failed at provider", N(c.Failed));
        table.AddRow("  invalid input", N(c.Invalid));
        var t = summary.Tokens;
        table.AddRow("Input tokens (cached)", $"{N(t.Input)} ({N(t.CachedInput)})");
        table.AddRow("Output tokens", N(t.Output));
        table.AddRow("Cost (effective)", $"${summary.Cost.EffectiveUsd.ToString("0.000000", CultureInfo.InvariantCulture)}");
        table.AddRow("Cost at real-time list price", $"${summary.Cost.ListUsd.ToString("0.000000", CultureInfo.InvariantCulture)}");
        if (summary.Cost.ListUsd > 0)
        {
            var percent = summary.Cost.SavingsUsd * 100 / summary.Cost.ListUsd;
            table.AddRow("Savings vs all real time", $"${summary.Cost.SavingsUsd.ToString("0.000000", CultureInfo.InvariantCulture)} ({percent.ToString("0.0", CultureInfo.InvariantCulture)} %)");
        }

        var levers = summary.Cost.SavingsByLever;
        if (levers.PromptCacheUsd != 0 || summary.Cost.ResultCacheHits > 0)
        {
            table.AddRow("Savings by lever", string.Create(CultureInfo.InvariantCulture,
                $"tier ${levers.TierUsd:0.000000}, prompt cache ${levers.PromptCacheUsd:0.000000}, result cache ${levers.ResultCacheUsd:0.000000} ({N(summary.Cost.ResultCacheHits)} hits)"));
        }

        if (summary.Cost.UnpricedLines > 0)
        {
            var models = string.Join(", ", summary.Cost.UnpricedModels.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {N(m.Value)}"));
            table.AddRow("[yellow]Unpriced lines[/]", Markup.Escape($"{N(summary.Cost.UnpricedLines)} (model {models}): cost not included"));
        }

        if (summary.Tiers.Count > 0)
        {
            table.AddRow("Lines by tier", Markup.Escape(string.Join(", ", summary.Tiers.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {N(t.Value)}"))));
        }
        table.AddRow("Models", Markup.Escape(string.Join(", ", summary.Models.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {N(m.Value)}"))));
        if (summary is { StartedAt: { } started, FinishedAt: { } finished })
        {
            table.AddRow("Time", (finished - started).TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture));
        }

        table.AddRow("Deadline", $"{summary.Deadline:u}{(summary.DeadlineMet == true ? " [green](met)[/]" : summary.DeadlineMet == false ? " [red](missed)[/]" : string.Empty)}");
        foreach (var (label, value) in extra)
        {
            table.AddRow(Markup.Escape(label), Markup.Escape(value));
        }

        console.Write(table);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
