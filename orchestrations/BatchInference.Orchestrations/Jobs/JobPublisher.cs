using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Results;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Uploads a finished job's files. Each blob appears whole (a single Put Blob or one committed block list), and
/// <c>summary.json</c> goes last with <c>If-None-Match: *</c>: its presence means every other file is complete, and
/// two runners finishing the same job cannot both publish.
/// </summary>
internal sealed class JobPublisher(IBlobStore blobs, string jobId, ILogger logger)
{
    private static readonly BlobUploadOptions Jsonl = new() { ContentType = "application/jsonl" };

    public async Task<JobSummary?> TryReadSummaryAsync(CancellationToken cancellationToken)
    {
        var blob = await blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, StorageLayout.Summary(jobId), cancellationToken)
            .ConfigureAwait(false);
        return blob is null ? null : JsonSerializer.Deserialize(blob.Content.ToMemory().Span, JobSummaryJsonContext.Default.JobSummary);
    }

    public async Task PublishResultsAsync(JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        await UploadFileAsync(spool.Output, StorageLayout.ResultsContainer, StorageLayout.Output(jobId), Jsonl, cancellationToken).ConfigureAwait(false);
        await UploadFileAsync(spool.Errors, StorageLayout.ResultsContainer, StorageLayout.Errors(jobId), Jsonl, cancellationToken).ConfigureAwait(false);
        await UploadFileAsync(spool.Ledger, StorageLayout.LedgerContainer, StorageLayout.LedgerPart(jobId, 0), Jsonl, cancellationToken).ConfigureAwait(false);

        // One report file per charge date, so `WHERE date = …` on the hive partition prunes to the right day.
        foreach (var date in totals.ChargeDates.Order())
        {
            var path = spool.PathOf($"spend-{date:yyyyMMdd}.parquet");
            var report = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using (report.ConfigureAwait(false))
            {
                var ledger = JobSpool.OpenRead(spool.Ledger);
                await using (ledger.ConfigureAwait(false))
                {
                    var entries = LedgerJson.ReadAllAsync(ledger, cancellationToken)
                        .Where(e => DateOnly.FromDateTime(e.FinishedAt.UtcDateTime) == date);
                    await SpendReportWriter.WriteAsync(entries, report, totals.WideMoneyDates.Contains(date), cancellationToken).ConfigureAwait(false);
                }

                await UploadFileAsync(report, StorageLayout.ReportsContainer, StorageLayout.SpendReport(date, jobId),
                    new BlobUploadOptions { ContentType = "application/vnd.apache.parquet" }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Publishes the summary unless another runner already did; returns the summary that is in storage.</summary>
    public async Task<JobSummary> PublishSummaryAsync(JobSummary summary, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(summary, JobSummaryJsonContext.Default.JobSummary);
        var result = await blobs.UploadAsync(
            StorageLayout.ResultsContainer, StorageLayout.Summary(jobId), new BinaryData(bytes),
            new BlobUploadOptions { ContentType = "application/json", Conditions = BlobConditions.IfNotExists }, cancellationToken)
            .ConfigureAwait(false);
        if (result.Succeeded)
        {
            Log.Published(logger, jobId, StorageLayout.Summary(jobId));
            return summary;
        }

        return await TryReadSummaryAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"summary.json of {jobId} exists but could not be read back.");
    }

    private async Task UploadFileAsync(FileStream written, string container, string name, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        await written.FlushAsync(cancellationToken).ConfigureAwait(false);
        var read = JobSpool.OpenRead(written);
        await using (read.ConfigureAwait(false))
        {
            await UploadAsync(read, container, name, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UploadAsync(Stream content, string container, string name, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var result = await blobs.UploadAsync(container, name, content, options, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Uploading {container}/{name} failed: {result.Outcome} {result.ErrorCode}.");
        }

        Log.Published(logger, jobId, $"{container}/{name}");
    }
}
