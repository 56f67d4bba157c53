using System.Text;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations.Reports;

/// <summary>
/// Daily compaction of a spend-report partition: the day's per-job files become one <c>compacted.parquet</c>, rebuilt
/// from the ledger (the source of truth), with a manifest of the jobs it holds; then the per-job files it replaced are
/// deleted. Running it again rebuilds the same file from the same ledger lines, and a job published later that day
/// adds a per-job file that the next compaction folds in.
/// </summary>
/// <remarks>
/// Blob storage has no rename, so between the upload of the compacted file and the deletion of the per-job files a
/// reader globbing the partition can see a job twice for a moment. Run it when nobody reads the day (the nightly run).
/// </remarks>
public sealed class SpendCompaction(IBlobStore blobs, ILogger? logger = null)
{
    /// <summary>Compacts the partition of <paramref name="date"/>; returns the rows written (0 when the day has no spend).</summary>
    /// <param name="date">The charge date (UTC).</param>
    /// <param name="spoolDirectory">Folder for the local copy while it is written; default the temp folder.</param>
    /// <param name="cancellationToken">Stops the compaction; nothing is deleted before the new file is complete.</param>
    /// <returns>Rows in the compacted file.</returns>
    public async Task<long> CompactAsync(DateOnly date, string? spoolDirectory = null, CancellationToken cancellationToken = default)
    {
        var jobs = await DailyLedger.JobsAsync(blobs, date, cancellationToken).ConfigureAwait(false);
        if (jobs.Count == 0)
        {
            return 0;
        }

        var path = Path.Combine(string.IsNullOrWhiteSpace(spoolDirectory) ? Path.GetTempPath() : spoolDirectory, $"bi-compact-{Guid.NewGuid():N}.parquet");
        try
        {
            long rows;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                rows = await SpendReportCompactor.CompactAsync(DailyLedger.ReadAsync(blobs, jobs, e => SpendReportWriter.ChargeDate(e) == date, cancellationToken), date, file, cancellationToken)
                    .ConfigureAwait(false);
                file.Position = 0;
                await UploadAsync(StorageLayout.CompactedSpendReport(date), file, "application/vnd.apache.parquet", cancellationToken).ConfigureAwait(false);
            }

            var manifest = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', jobs) + "\n"));
            await UploadAsync(StorageLayout.CompactedSpendManifest(date), manifest, "text/plain", cancellationToken).ConfigureAwait(false);
            foreach (var jobId in jobs)
            {
                await blobs.DeleteIfExistsAsync(StorageLayout.ReportsContainer, StorageLayout.SpendReport(date, jobId), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }

            if (logger is not null)
            {
                Log.SpendCompacted(logger, date, jobs.Count, rows);
            }

            return rows;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task UploadAsync(string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var result = await blobs.UploadAsync(StorageLayout.ReportsContainer, name, content, new BlobUploadOptions { ContentType = contentType }, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Uploading reports/{name} failed: {result.Outcome} {result.ErrorCode}.");
        }
    }
}
