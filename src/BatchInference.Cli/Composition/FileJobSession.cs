using BatchInference.Cli.Views;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// A local file taken through the engine the way a user's drop would be: uploaded to <c>jobs/incoming/</c> (with its
/// settings as a sidecar) and submitted, run by a worker in this process while its progress is shown, and its
/// results, ledger and spend report copied into a local folder.
/// </summary>
internal sealed class FileJobSession(Pipeline pipeline, IAnsiConsole console, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // After the job is terminal the worker still deletes the job's work files; it gets this long to finish that.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    public async Task<FileJobResult> RunAsync(string inputPath, byte[]? sidecarJson, string outDirectory, CancellationToken cancellationToken)
    {
        var blobName = await JobUpload.UploadAsync(pipeline.Blobs, inputPath, sidecarJson, time, cancellationToken);
        console.MarkupLineInterpolated($"Input:    uploaded [blue]{StorageLayout.JobsContainer}/{blobName}[/]");

        var worker = pipeline.CreateWorker();
        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var working = worker.RunAsync(stopWorker.Token);
        string jobId;
        JobStatusReport final;
        try
        {
            jobId = await pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blobName, cancellationToken);
            console.MarkupLineInterpolated(
                $"Job:      [blue]{jobId}[/], worked on in this process (queue {pipeline.Queue.QueueName}, {pipeline.WorkerOptions.MaxConcurrentMessages} messages at once)");
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watching = JobProgressView.RunAsync(console, pipeline.Engine, jobId, JobProgressStyle.Compact, PollInterval, time, stopWatching.Token);
            if (await Task.WhenAny(watching, working) == working)
            {
                await stopWatching.CancelAsync();
                await working; // rethrows what stopped the worker, if anything did
                throw new InvalidOperationException("The in-process worker stopped before the job finished.");
            }

            final = await watching;
            await WaitUntilIdleAsync(worker.Stats, cancellationToken);
        }
        finally
        {
            await stopWorker.CancelAsync();
            await working.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var summary = await pipeline.Engine.GetSummaryAsync(jobId, cancellationToken)
            ?? throw new InvalidOperationException($"Job {jobId} is {final.Job.Status} but has no summary.json.");
        await ResultDownload.CopyAsync(pipeline.Blobs, jobId, outDirectory, cancellationToken);
        return new FileJobResult(summary, final.Job);
    }

    private async Task WaitUntilIdleAsync(Workers.WorkerStats stats, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (stats.Running > 0 && time.GetElapsedTime(start) < DrainTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }
}
