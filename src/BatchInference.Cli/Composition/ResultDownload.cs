using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Cli.Composition;

/// <summary>Copies a finished job's results, ledger and spend report from storage into a local folder.</summary>
internal static class ResultDownload
{
    /// <summary>
    /// Writes <c>output.jsonl</c>, <c>errors.jsonl</c>, <c>summary.json</c>, <c>ledger/part-*.jsonl</c> and
    /// <c>spend/date=…/part-&lt;jobId&gt;.parquet</c> under <paramref name="outDirectory"/>; files the job did not
    /// produce are skipped.
    /// </summary>
    public static async Task CopyAsync(IBlobStore blobs, string jobId, string outDirectory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outDirectory);
        await CopyBlobAsync(blobs, StorageLayout.ResultsContainer, StorageLayout.Output(jobId), Path.Combine(outDirectory, "output.jsonl"), cancellationToken);
        await CopyBlobAsync(blobs, StorageLayout.ResultsContainer, StorageLayout.Errors(jobId), Path.Combine(outDirectory, "errors.jsonl"), cancellationToken);
        await CopyBlobAsync(blobs, StorageLayout.ResultsContainer, StorageLayout.Summary(jobId), Path.Combine(outDirectory, "summary.json"), cancellationToken);
        await foreach (var part in blobs.ListAsync(StorageLayout.LedgerContainer, jobId + "/", cancellationToken: cancellationToken))
        {
            await CopyBlobAsync(blobs, StorageLayout.LedgerContainer, part.Name, Path.Combine(outDirectory, "ledger", Path.GetFileName(part.Name)), cancellationToken);
        }

        await foreach (var report in blobs.ListAsync(StorageLayout.ReportsContainer, "spend/", cancellationToken: cancellationToken))
        {
            if (report.Name.EndsWith($"part-{jobId}.parquet", StringComparison.Ordinal))
            {
                await CopyBlobAsync(blobs, StorageLayout.ReportsContainer, report.Name, Path.Combine(outDirectory, report.Name), cancellationToken);
            }
        }
    }

    private static async Task CopyBlobAsync(IBlobStore blobs, string container, string blobName, string localPath, CancellationToken cancellationToken)
    {
        if (await blobs.GetPropertiesAsync(container, blobName, cancellationToken) is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
        await using var download = await blobs.DownloadAsync(container, blobName, cancellationToken: cancellationToken);
        await using var file = File.Create(localPath);
        await download.Content.CopyToAsync(file, cancellationToken);
    }
}
