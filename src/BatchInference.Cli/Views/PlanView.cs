using System.Globalization;
using BatchInference.Orchestrations.Planning;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>
/// <c>bi plan</c>'s tables: one row per endpoint and model group (lines, shards, where they go), one row per shard (tier, provider, lines, estimated and real-time cost, pessimistic finish,
/// last safe moment), the totals against running everything in real time, why each shard went where it did, and notes.
/// </summary>
internal static class PlanView
{
    public static void Write(IAnsiConsole console, PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var plan = report.Plan;
        if (plan.Groups.Count > 0)
        {
            console.Write(Groups(plan.Groups));
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("Shard").RightAligned());
        table.AddColumn("Tier");
        table.AddColumn("Provider");
        foreach (var name in new[] { "Lines", "Est. cost", "Real-time cost" })
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }

        table.AddColumn("Est. finish (UTC)");
        table.AddColumn("Last safe moment (UTC)");
        foreach (var shard in plan.Shards)
        {
            table.AddRow(
                Count(shard.Shard),
                Markup.Escape(shard.Tier),
                Markup.Escape(shard.Provider),
                Count(report.Workload(shard.Shard)?.Lines ?? 0),
                Money(shard.EstimatedCost),
                Money(shard.RealtimeCost),
                Finish(shard.EstimatedFinish),
                Times.Format(shard.LastSafeMoment));
        }

        console.Write(table);
        console.Write(Totals(report));
        if (plan.Shards.Count > 0)
        {
            console.MarkupLine("[bold]Why[/]");
            foreach (var shard in plan.Shards)
            {
                console.MarkupLineInterpolated($"  shard {shard.Shard}: {shard.Reason}");
            }
        }

        foreach (var note in plan.Notes)
        {
            console.MarkupLineInterpolated($"[yellow]Note:[/] {note}");
        }

        console.MarkupLine(plan.Feasible
            ? "[green]The plan meets the deadline.[/]"
            : "[red]The deadline cannot be met: see the notes.[/]");
    }

    // Every shard holds one endpoint and model; a group's shards may go to different tiers when the deadline requires it.
    private static Table Groups(IReadOnlyList<PlanGroup> groups)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Groups");
        table.AddColumn("Model");
        table.AddColumn("Endpoint");
        table.AddColumn(new TableColumn("Lines").RightAligned());
        table.AddColumn(new TableColumn("Shards").RightAligned());
        table.AddColumn("Provider/tier (shards)");
        foreach (var group in groups)
        {
            table.AddRow(
                Markup.Escape(group.Model ?? "(invalid lines)"),
                Markup.Escape(group.Url ?? "-"),
                Count(group.Lines),
                Count(group.Shards.Count),
                Markup.Escape(string.Join(", ", group.Routes.Select(r => $"{r.Key} {r.Value}"))));
        }

        return table;
    }

    private static Grid Totals(PlanReport report)
    {
        var plan = report.Plan;
        var request = report.Request;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("Input", Markup.Escape($"{report.Input}: {Count(report.Lines)} request line(s), {Count(report.InvalidLines)} invalid, {Count(plan.Shards.Count)} shard(s)"));
        grid.AddRow("Catalog", Markup.Escape($"{report.CatalogVersion} ({report.Currency})"));
        grid.AddRow("Completion times", Markup.Escape(report.CompletionTimes));
        grid.AddRow("Estimated cost", Money(plan.EstimatedCost));
        grid.AddRow("All real-time cost", Money(plan.AllRealtimeCost));
        grid.AddRow("Savings", Money(plan.Savings) + (plan.SavingsPercent is { } percent ? $" ({percent.ToString("F1", CultureInfo.InvariantCulture)} %)" : string.Empty));
        grid.AddRow("Deadline", Times.Format(request.Deadline));
        grid.AddRow("Estimated finish", Markup.Escape(FinishVersusDeadline(plan.EstimatedFinish, request.Deadline)));
        return grid;
    }

    private static string FinishVersusDeadline(DateTimeOffset finish, DateTimeOffset deadline)
    {
        if (finish == DateTimeOffset.MaxValue)
        {
            return "never: a shard has no provider";
        }

        var margin = deadline - finish;
        return margin >= TimeSpan.Zero
            ? $"{Times.Format(finish)}, {Span(margin)} before the deadline"
            : $"{Times.Format(finish)}, {Span(-margin)} after the deadline";
    }

    private static string Finish(DateTimeOffset finish) => finish == DateTimeOffset.MaxValue ? "never" : Times.Format(finish);

    private static string Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => span.ToString(@"d\d\ h\h\ mm\m", CultureInfo.InvariantCulture),
        { TotalHours: >= 1 } => span.ToString(@"h\h\ mm\m", CultureInfo.InvariantCulture),
        _ => span.ToString(@"m\m\ ss\s", CultureInfo.InvariantCulture),
    };

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("F6", CultureInfo.InvariantCulture);
}
