using BatchInference.Cli.Durable;
using BatchInference.Cli.Local;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// A local file taken through the pipeline the way a user's drop is: dropped into a folder of <c>jobs/incoming/</c> that
/// only this session's <see cref="LocalTriggerLoop"/> polls, which starts the job's orchestration as the Functions app's
/// blob trigger does; a Durable Task worker in this process runs the job and shard orchestrations and their activities
/// while the job's progress is shown; then results, ledger and spend report are copied into a local folder.
/// </summary>
internal sealed class DropJobSession(Pipeline pipeline, IAnsiConsole console, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>The demo's private drop folders (<c>incoming/demo-…/</c>), which <c>bi worker --local</c> leaves alone.</summary>
    public const string DemoFolderPrefix = StorageLayout.IncomingPrefix + "demo-";

    private static readonly TimeSpan DropPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PickUpTimeout = TimeSpan.FromSeconds(60);

    /// <param name="inputPath">The JSONL file.</param>
    /// <param name="sidecarJson">Its settings, or null.</param>
    /// <param name="outDirectory">Where the results are copied.</param>
    /// <param name="cancellationToken">Stops the session.</param>
    public async Task<DropJobResult> RunAsync(string inputPath, byte[]? sidecarJson, string outDirectory, CancellationToken cancellationToken = default)
    {
        var dropFolder = $"{DemoFolderPrefix}{Guid.NewGuid().ToString("N")[..8]}/";
        var stats = new DurableWorkerStats();
        var trigger = new LocalTriggerLoop(pipeline.Blobs, pipeline.Engine, dropFolder, DropPollInterval, time, loggers.CreateLogger<LocalTriggerLoop>());
        string jobId;
        JobStatusReport final;
        await using (var worker = pipeline.CreateWorker(stats))
        {
            await worker.StartAsync(cancellationToken);
            using var stopTrigger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var triggering = trigger.RunAsync(stopTrigger.Token);
            try
            {
                var blobName = await JobUpload.UploadAsync(pipeline.Blobs, inputPath, sidecarJson, time, dropFolder, cancellationToken);
                console.MarkupLineInterpolated($"Input:    dropped [blue]{StorageLayout.JobsContainer}/{blobName}[/]");
                var properties = await pipeline.Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blobName, cancellationToken)
                    ?? throw new InvalidOperationException($"The dropped {blobName} is gone.");
                jobId = JobId.ForBlob(StorageLayout.JobsContainer, blobName, properties.ETag.ToString().Trim('"'));
                await WaitForPickUpAsync(jobId, cancellationToken);
                console.MarkupLineInterpolated(
                    $"Job:      [blue]{jobId}[/], started by the local drop trigger as orchestration {jobId} on task hub {pipeline.Durable.TaskHubName}, run by a worker in this process ({pipeline.Durable.MaxConcurrentActivities} activities at once)");
                final = await JobWatch.RunAsync(pipeline, console, jobId, time, cancellationToken);
            }
            finally
            {
                await stopTrigger.CancelAsync();
                await triggering;
            }
        }

        var summary = await pipeline.Engine.GetSummaryAsync(jobId, cancellationToken)
            ?? throw new InvalidOperationException($"Job {jobId} is {final.Job.Status} but has no summary.json.");
        var counts = await OrchestrationCounts.ReadAsync(pipeline.TaskHub, jobId, stats, cancellationToken);
        await ResultDownload.CopyAsync(pipeline.Blobs, jobId, outDirectory, cancellationToken);
        return new DropJobResult(summary, final.Job, counts);
    }

    // The drop becomes a job when the trigger has seen it and submitted it.
    private async Task WaitForPickUpAsync(string jobId, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (await pipeline.Engine.GetJobAsync(jobId, cancellationToken) is null)
        {
            if (time.GetElapsedTime(start) > PickUpTimeout)
            {
                throw new TimeoutException($"The local drop trigger did not submit the drop within {PickUpTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
