using System.Globalization;
using System.Text;

namespace BatchInference.Cli.Reporting;

/// <summary>
/// Writes a spend report as RFC 4180 CSV: a header, then one row per group (no total row, so summing a column gives
/// the total). Money is written with every digit the ledger has, invariant culture; an untagged group's tag is empty.
/// </summary>
internal static class SpendReportCsv
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/> (CRLF line ends, as RFC 4180 asks).</summary>
    public static async Task WriteAsync(SpendReport report, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var line = new StringBuilder();
        AppendFields(line, [.. SpendColumns.Dimensions(report.Query), .. SpendColumns.Metrics]);
        await output.WriteAsync(line.Append("\r\n"), cancellationToken).ConfigureAwait(false);
        foreach (var group in report.Groups)
        {
            line.Clear();
            var t = group.Totals;
            AppendFields(line,
            [
                .. group.Key.Values,
                Number(t.Requests), Number(t.InputTokens), Number(t.CachedInputTokens), Number(t.OutputTokens),
                Money(t.EffectiveCost), Money(t.RealtimeListCost), Money(t.Savings),
                t.SavingsPercent is { } percent ? Money(percent) : null,
                Number(t.UnpricedRequests),
                Money(t.PromptCacheSavings), Number(t.ResultCacheHits), Money(t.AvoidedCost),
            ]);
            await output.WriteAsync(line.Append("\r\n"), cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AppendFields(StringBuilder line, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                line.Append(',');
            }

            first = false;
            AppendField(line, field ?? string.Empty);
        }
    }

    private static void AppendField(StringBuilder line, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(field);
            return;
        }

        line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
