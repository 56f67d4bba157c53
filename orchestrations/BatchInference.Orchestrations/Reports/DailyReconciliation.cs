using BatchInference.Ledger.Reconciliation;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations.Reports;

/// <summary>
/// The nightly reconciliation of one day and provider: the ledger's requests, tokens and cost against the provider's
/// own usage and cost APIs, by model and tier, written to <c>reports/reconciliation/date=YYYY-MM-DD/part-&lt;provider&gt;.parquet</c>.
/// The same ledger and the same provider answer give the same file, so running it again changes nothing.
/// </summary>
public sealed class DailyReconciliation(IBlobStore blobs, IProviderUsageSource usage, ReconciliationThresholds thresholds, ILogger? logger = null)
{
    /// <summary>Reconciles <paramref name="date"/> for the usage source's provider and publishes the report.</summary>
    /// <param name="date">The UTC day (providers bucket usage by request start).</param>
    /// <param name="jobId">Only this job's ledger (when the provider account served nothing else, as in the demo); null for every job.</param>
    /// <param name="cancellationToken">Stops the run; the previous report, if any, stays.</param>
    /// <returns>The rows, flagged ones included.</returns>
    public async Task<IReadOnlyList<ReconciliationRow>> ReconcileAsync(DateOnly date, string? jobId = null, CancellationToken cancellationToken = default)
    {
        var provider = usage.Provider;

        // An attempt started on the day may have finished the next one: both days' jobs may hold entries for it.
        var jobs = jobId is not null ? [jobId]
            : (await DailyLedger.JobsAsync(blobs, date, cancellationToken).ConfigureAwait(false))
                .Union(await DailyLedger.JobsAsync(blobs, date.AddDays(1), cancellationToken).ConfigureAwait(false), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).ToList();
        var entries = DailyLedger.ReadAsync(
            blobs, jobs, e => e.Provider == provider && DateOnly.FromDateTime(e.StartedAt.UtcDateTime) == date, cancellationToken);
        var providerUsage = await usage.GetDailyUsageAsync(date, cancellationToken).ConfigureAwait(false);
        // A provider that reports no request counts (Anthropic) is compared on tokens and cost only.
        var applied = usage.CountsRequests ? thresholds : Ledger.Reconciliation.Anthropic.AnthropicReconciliation.WithoutRequestCheck(thresholds);
        var rows = await Reconciler.ReconcileAsync(date, entries, providerUsage, applied, cancellationToken).ConfigureAwait(false);

        var report = new MemoryStream();
        await ReconciliationReportWriter.WriteAsync(rows, report, cancellationToken).ConfigureAwait(false);
        report.Position = 0;
        var name = StorageLayout.ReconciliationReport(date, provider);
        var result = await blobs.UploadAsync(
            StorageLayout.ReportsContainer, name, report, new BlobUploadOptions { ContentType = "application/vnd.apache.parquet" }, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Uploading reports/{name} failed: {result.Outcome} {result.ErrorCode}.");
        }

        if (logger is not null)
        {
            Log.Reconciled(logger, date, provider, rows.Count, rows.Count(r => r.Flagged));
        }

        return rows;
    }
}
