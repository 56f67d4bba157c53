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

        foreach (var name in new[] { "Requests", "Input tokens", "Cached", "Output tokens", "Effective $", "List $ (real time)", "Savings $", "Savings %" })
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned().NoWrap());
        }

        foreach (var group in report.Groups)
        {
            table.AddRow([.. group.Key.Values.Select(v => Markup.Escape(v ?? Untagged)), .. Metrics(group.Totals)]);
        }

        var totalLabels = Enumerable.Repeat(string.Empty, query.Dimensions.Count).ToArray();
        if (totalLabels.Length > 0)
        {
            totalLabels[0] = "[bold]Total[/]";
            table.AddEmptyRow();
        }

        table.AddRow([.. totalLabels, .. Metrics(report.Total).Select(m => "[bold]" + m + "[/]")]);
        console.Write(table);
        console.MarkupLineInterpolated(
            $"{report.Total.Requests.ToString("N0", CultureInfo.InvariantCulture)} paid attempt(s) charged {query.DescribeRange()} (UTC), {report.Groups.Count} group(s).");
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

    private static string[] Metrics(SpendTotals t) =>
    [
        Count(t.Requests), Count(t.InputTokens), Count(t.CachedInputTokens), Count(t.OutputTokens),
        Money(t.EffectiveCost), Money(t.RealtimeListCost), Money(t.Savings),
        t.SavingsPercent is { } percent ? percent.ToString("F1", CultureInfo.InvariantCulture) + " %" : "-",
    ];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("F6", CultureInfo.InvariantCulture);
}
