using System.Globalization;
using BatchInference.Cli.Views;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// A local file taken through the pipeline the way a user's drop would be: uploaded to <c>jobs/incoming/</c> (with
/// its settings as a sidecar), run, and its results, ledger and spend report copied into a local folder.
/// </summary>
internal sealed class FileJobSession(Pipeline pipeline, IAnsiConsole console, TimeProvider time)
{
    public async Task<JobSummary> RunAsync(string inputPath, byte[]? sidecarJson, string outDirectory, CancellationToken cancellationToken)
    {
        await pipeline.Runner.EnsureContainersAsync(cancellationToken);
        var stem = Path.GetFileNameWithoutExtension(inputPath);
        var blobName = string.Create(CultureInfo.InvariantCulture, $"{StorageLayout.IncomingPrefix}{stem}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.jsonl");
        if (sidecarJson is not null)
        {
            await Require(pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(blobName), new BinaryData(sidecarJson),
                new BlobUploadOptions { ContentType = "application/json" }, cancellationToken));
        }

        await using (var input = File.OpenRead(inputPath))
        {
            await Require(pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, blobName, input,
                new BlobUploadOptions { ContentType = "application/jsonl" }, cancellationToken));
        }

        console.MarkupLineInterpolated($"Input:    uploaded [blue]{StorageLayout.JobsContainer}/{blobName}[/]");
        var expected = await CountLinesAsync(inputPath, cancellationToken);
        var summary = await JobProgressView.RunAsync(
            console, expected, progress => pipeline.Runner.RunAsync(StorageLayout.JobsContainer, blobName, progress, cancellationToken));

        await DownloadResultsAsync(summary.JobId, outDirectory, cancellationToken);
        return summary;
    }

    private async Task DownloadResultsAsync(string jobId, string outDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outDirectory);
        await CopyAsync(StorageLayout.ResultsContainer, StorageLayout.Output(jobId), Path.Combine(outDirectory, "output.jsonl"), cancellationToken);
        await CopyAsync(StorageLayout.ResultsContainer, StorageLayout.Errors(jobId), Path.Combine(outDirectory, "errors.jsonl"), cancellationToken);
        await CopyAsync(StorageLayout.ResultsContainer, StorageLayout.Summary(jobId), Path.Combine(outDirectory, "summary.json"), cancellationToken);
        await foreach (var part in pipeline.Blobs.ListAsync(StorageLayout.LedgerContainer, jobId + "/", cancellationToken: cancellationToken))
        {
            await CopyAsync(StorageLayout.LedgerContainer, part.Name, Path.Combine(outDirectory, "ledger", Path.GetFileName(part.Name)), cancellationToken);
        }

        await foreach (var report in pipeline.Blobs.ListAsync(StorageLayout.ReportsContainer, "spend/", cancellationToken: cancellationToken))
        {
            if (report.Name.EndsWith($"part-{jobId}.parquet", StringComparison.Ordinal))
            {
                await CopyAsync(StorageLayout.ReportsContainer, report.Name, Path.Combine(outDirectory, report.Name), cancellationToken);
            }
        }
    }

    private async Task CopyAsync(string container, string blobName, string localPath, CancellationToken cancellationToken)
    {
        if (await pipeline.Blobs.GetPropertiesAsync(container, blobName, cancellationToken) is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
        await using var download = await pipeline.Blobs.DownloadAsync(container, blobName, cancellationToken: cancellationToken);
        await using var file = File.Create(localPath);
        await download.Content.CopyToAsync(file, cancellationToken);
    }

    private static async Task<long> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        long lines = 0;
        var buffer = new byte[1 << 16];
        await using var file = File.OpenRead(path);
        int read;
        var last = (byte)'\n';
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        return last == '\n' ? lines : lines + 1;
    }

    private static async Task Require(Task<BlobWriteResult> upload)
    {
        var result = await upload;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Upload failed: {result.Outcome} {result.ErrorCode}");
        }
    }
}
