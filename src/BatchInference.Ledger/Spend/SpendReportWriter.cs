using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Spend;

/// <summary>Writes ledger entries as a Parquet spend report, one row per paid attempt.</summary>
public static class SpendReportWriter
{
    private const string ServiceCategory = "AI and Machine Learning";

    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="output"/> as one Parquet file (Snappy). The caller decides the
    /// partition (<c>reports/spend/date=YYYY-MM-DD/</c>) and publishes the file only after this completes, so a reader
    /// never sees half a report.
    /// </summary>
    /// <returns>Number of rows written.</returns>
    public static async Task<long> WriteAsync(IAsyncEnumerable<LedgerEntry> entries, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new ParquetWriter(output, SpendReportSchema.Schema, new ParquetWriterOptions
        {
            Compression = ParquetCompression.Snappy,
            RowGroupMaxRows = 122_880, // DuckDB's own default; a row group is buffered whole while it is written.
        });
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteRow(writer, entry);
            await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.RowCount;
    }

    private static void WriteRow(ParquetWriter writer, LedgerEntry e)
    {
        var provider = ProviderDisplayName(e.Provider);
        var billingStart = new DateTimeOffset(e.FinishedAt.Year, e.FinishedAt.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var totalTokens = e.InputTokens + e.OutputTokens;

        // A charge period's end is exclusive and must follow its start even for an answer within the same microsecond.
        var chargeEnd = e.FinishedAt > e.StartedAt ? e.FinishedAt : e.StartedAt.AddTicks(10);
        var c = 0;
        writer.WriteDecimal(c++, e.EffectiveCost);
        writer.WriteDecimal(c++, e.EffectiveCost);
        writer.WriteDecimal(c++, e.ListCost);
        writer.WriteDecimal(c++, e.EffectiveCost);
        writer.WriteString(c++, e.Currency);
        writer.WriteTimestamp(c++, billingStart);
        writer.WriteTimestamp(c++, billingStart.AddMonths(1));
        writer.WriteTimestamp(c++, e.StartedAt);
        writer.WriteTimestamp(c++, chargeEnd);
        writer.WriteString(c++, "Usage");
        writer.WriteString(c++, string.Create(
            CultureInfo.InvariantCulture,
            $"{e.Model} {e.Tier}: {e.InputTokens} input ({e.CachedInputTokens} cached), {e.OutputTokens} output tokens"));
        writer.WriteString(c++, "Usage-Based");
        writer.WriteDecimal(c++, totalTokens);
        writer.WriteString(c++, "Tokens");
        writer.WriteDecimal(c++, totalTokens);
        writer.WriteString(c++, "Tokens");
        writer.WriteString(c++, provider);
        writer.WriteString(c++, provider);
        writer.WriteString(c++, provider);
        writer.WriteString(c++, ServiceCategory);
        writer.WriteString(c++, provider + " API");
        writer.WriteString(c++, e.SkuId);
        writer.WriteString(c++, JsonSerializer.Serialize(e.Tags, LedgerJsonContext.Default.IReadOnlyDictionaryStringString));
        writer.WriteString(c++, e.JobId);
        writer.WriteString(c++, e.CustomId);
        writer.WriteInt64(c++, e.Line);
        writer.WriteInt32(c++, e.Attempt);
        writer.WriteString(c++, e.Provider);
        writer.WriteString(c++, e.Model);
        writer.WriteString(c++, e.Tier);
        writer.WriteString(c++, e.ProviderRequestId);
        writer.WriteInt64(c++, e.InputTokens);
        writer.WriteInt64(c++, e.CachedInputTokens);
        writer.WriteInt64(c++, e.OutputTokens);
        writer.WriteInt64(c++, e.ReasoningTokens);
        writer.WriteDecimal(c++, e.ListCost - e.EffectiveCost);
        writer.WriteString(c, e.PriceVersion);
    }

    private static string ProviderDisplayName(string provider) => provider switch
    {
        "openai" => "OpenAI",
        "azure-openai" => "Microsoft",
        "anthropic" => "Anthropic",
        _ => provider,
    };
}
