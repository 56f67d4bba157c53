using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// A local file taken through the engine the way a user's drop would be: uploaded to <c>jobs/incoming/</c> (with its
/// settings as a sidecar) and submitted, its orchestrations run by a Durable Task worker in this process while its
/// progress is shown, and its results, ledger and spend report copied into a local folder.
/// </summary>
internal sealed class FileJobSession(Pipeline pipeline, IAnsiConsole console, TimeProvider time)
{
    public async Task<FileJobResult> RunAsync(string inputPath, byte[]? sidecarJson, string outDirectory, CancellationToken cancellationToken)
    {
        var blobName = await JobUpload.UploadAsync(pipeline.Blobs, inputPath, sidecarJson, time, cancellationToken);
        console.MarkupLineInterpolated($"Input:    uploaded [blue]{StorageLayout.JobsContainer}/{blobName}[/]");

        var stats = new DurableWorkerStats();
        string jobId;
        JobStatusReport final;
        await using (var worker = pipeline.CreateWorker(stats))
        {
            await worker.StartAsync(cancellationToken);
            jobId = await pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blobName, cancellationToken);
            console.MarkupLineInterpolated(
                $"Job:      [blue]{jobId}[/], orchestrated in this process (task hub {pipeline.Durable.TaskHubName}, {pipeline.Durable.MaxConcurrentActivities} activities at once)");
            final = await JobWatch.RunAsync(pipeline, console, jobId, time, cancellationToken);
        }

        var summary = await pipeline.Engine.GetSummaryAsync(jobId, cancellationToken)
            ?? throw new InvalidOperationException($"Job {jobId} is {final.Job.Status} but has no summary.json.");
        await ResultDownload.CopyAsync(pipeline.Blobs, jobId, outDirectory, cancellationToken);
        return new FileJobResult(summary, final.Job);
    }
}
