using System.Globalization;
using BatchInference.Ledger.Reconciliation;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>The reconciliation of a day as a table: ledger vs provider per model and tier, flagged rows in red.</summary>
internal static class ReconciliationView
{
    public static void Write(IAnsiConsole console, DateOnly date, string provider, IReadOnlyList<ReconciliationRow> rows)
    {
        if (rows.Count == 0)
        {
            console.MarkupLineInterpolated($"No usage for {provider} on {date:yyyy-MM-dd}, in the ledger or at the provider.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Reconciliation {Markup.Escape(provider)} {date:yyyy-MM-dd}");
        foreach (var column in (string[])["Model", "Tier", "Requests (ledger / provider)", "Tokens variance", "Cost (ledger / provider)", "Cost variance", "Flag"])
        {
            table.AddColumn(column);
        }

        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Model),
                Markup.Escape(row.Tier),
                string.Create(CultureInfo.InvariantCulture, $"{row.LedgerRequests:N0} / {row.ProviderRequests:N0}"),
                row.TokenVariance.ToString("N0", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{row.LedgerCost:0.000000} / {row.ProviderCost:0.000000}"),
                row.CostVariance.ToString("0.000000", CultureInfo.InvariantCulture),
                row.Flagged ? $"[red]{Markup.Escape(row.FlagReasons ?? "flagged")}[/]" : "[green]ok[/]");
        }

        console.Write(table);
        var flagged = rows.Count(r => r.Flagged);
        console.MarkupLine(flagged == 0
            ? "[green]The ledger matches the provider.[/]"
            : $"[red]{flagged} row(s) flagged[/]: see reports/reconciliation/date={date:yyyy-MM-dd}/ for the variances.");
    }
}
