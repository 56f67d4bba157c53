using System.Globalization;
using BatchInference.Cli.Reporting;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>
/// <c>bi report</c>'s table: one row per group, money with 6 decimals (the sums themselves are exact; CSV and Parquet
/// keep every digit), a total row, and savings against running everything at the real-time list price.
/// </summary>
internal static class SpendReportView
{
    private const string Untagged = "(untagged)";

    public static void Write(IAnsiConsole console, SpendReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (report.IsEmpty)
        {
            WriteNoSpend(console, report.Query);
            return;
        }

        var query = report.Query;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var name in SpendColumns.Dimensions(query))
        {
            table.AddColumn(new TableColumn(Markup.Escape(Header(name))).NoWrap());
        }

        // The unpriced column appears only when there is something to show, so the usual table keeps its width.
        var unpriced = report.Total.UnpricedRequests > 0;
        foreach (var name in MetricHeaders(unpriced))
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned().NoWrap());
        }

        foreach (var group in report.Groups)
        {
            table.AddRow([.. group.Key.Values.Select(v => Markup.Escape(v ?? Untagged)), .. Metrics(group.Totals, unpriced)]);
        }

        var totalLabels = Enumerable.Repeat(string.Empty, query.Dimensions.Count).ToArray();
        if (totalLabels.Length > 0)
        {
            totalLabels[0] = "[bold]Total[/]";
            table.AddEmptyRow();
        }

        table.AddRow([.. totalLabels, .. Metrics(report.Total, unpriced).Select(m => "[bold]" + m + "[/]")]);
        console.Write(table);
        console.MarkupLineInterpolated(
            $"{report.Total.Requests.ToString("N0", CultureInfo.InvariantCulture)} paid attempt(s) charged {query.DescribeRange()} (UTC), {report.Groups.Count} group(s).");
        WriteLevers(console, report.Total);
        WriteUnpriced(console, report);
    }

    /// <summary>
    /// What each cost lever saved: tiers (real-time list minus effective), the providers' prompt caches, and the exact
    /// result cache (the real-time list cost of the calls its hits avoided).
    /// </summary>
    public static void WriteLevers(IAnsiConsole console, SpendTotals total)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLineInterpolated(
            $"Savings by lever: tier {Money(total.Savings)}, prompt cache {Money(total.PromptCacheSavings)}, result cache {Money(total.AvoidedCost)} ({Count(total.ResultCacheHits)} hit(s)).");
    }

    /// <summary>
    /// The warning that some ledger lines had no price (<c>unknown_model: run_unpriced</c>), naming their models; nothing
    /// when every line was priced. Their tokens are in the sums, their cost is not: it is unknown, not zero.
    /// </summary>
    public static void WriteUnpriced(IAnsiConsole console, SpendReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Total.UnpricedRequests == 0)
        {
            return;
        }

        var models = string.Join(", ", report.UnpricedModels.Select(m => $"{m.Key} {m.Value.ToString("N0", CultureInfo.InvariantCulture)}"));
        console.MarkupLineInterpolated(
            $"[yellow]{report.Total.UnpricedRequests.ToString("N0", CultureInfo.InvariantCulture)} ledger line(s) unpriced (model {models}): cost not included.[/]");
    }

    /// <summary>The friendly line for a range without ledger lines.</summary>
    public static void WriteNoSpend(IAnsiConsole console, SpendQuery query)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(query);
        var jobs = query.Jobs.Count == 0 ? string.Empty : " for job " + string.Join(", ", query.Jobs);
        console.MarkupLineInterpolated($"No spend {query.DescribeRange()}{jobs}: the ledger has no paid attempts there.");
    }

    private static string Header(string column) => column switch
    {
        "day" => "Day (UTC)",
        "job_id" => "Job",
        _ when column.StartsWith("tag_", StringComparison.Ordinal) => "Tag " + column[4..],
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(column),
    };

    private static string[] MetricHeaders(bool unpriced) =>
    [
        "Requests", "Input tokens", "Cached", "Output tokens", "Effective $", "List $ (real time)", "Savings $", "Savings %",
        .. unpriced ? new[] { "Unpriced" } : [],
    ];

    private static string[] Metrics(SpendTotals t, bool unpriced) =>
    [
        Count(t.Requests), Count(t.InputTokens), Count(t.CachedInputTokens), Count(t.OutputTokens),
        Money(t.EffectiveCost), Money(t.RealtimeListCost), Money(t.Savings),
        t.SavingsPercent is { } percent ? percent.ToString("F1", CultureInfo.InvariantCulture) + " %" : "-",
        .. unpriced ? new[] { Count(t.UnpricedRequests) } : [],
    ];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("F6", CultureInfo.InvariantCulture);
}
