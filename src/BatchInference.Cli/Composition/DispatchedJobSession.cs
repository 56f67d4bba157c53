using System.Collections.Concurrent;
using System.Globalization;
using BatchInference.Cli.Views;
using BatchInference.Functions.Local;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Cli.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// A local file taken through the function app the way a user's drop is on Azure: the custom handler and the local
/// trigger dispatcher start in this process (<see cref="LocalFunctionsApp"/>), the file is dropped into a folder of
/// <c>jobs/incoming/</c> that only this session's dispatcher polls, the <c>JobDropped</c> function submits it and
/// <c>EngineWork</c> runs every engine step, while the job's progress is shown; then results, ledger and spend report
/// are copied into a local folder. Uses the pipeline's local parts and private work queue.
/// </summary>
internal sealed class DispatchedJobSession(Pipeline pipeline, IConfiguration configuration, IAnsiConsole console, ILoggerFactory loggers, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PickUpTimeout = TimeSpan.FromSeconds(60);

    // After the job is terminal, late calls (a duplicate FinishJob, the work-file clean-up) get this long to finish.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    /// <param name="inputPath">The JSONL file.</param>
    /// <param name="sidecarJson">Its settings, or null.</param>
    /// <param name="outDirectory">Where the results are copied.</param>
    /// <param name="engineSettings">Engine settings for the handler beyond configuration (<c>Engine:*</c> keys).</param>
    /// <param name="cancellationToken">Stops the session; the dispatcher's calls in flight are cancelled.</param>
    public async Task<DispatchedJobResult> RunAsync(
        string inputPath, byte[]? sidecarJson, string outDirectory, IReadOnlyDictionary<string, string?> engineSettings,
        CancellationToken cancellationToken = default)
    {
        var local = pipeline.Local ?? throw new InvalidOperationException("A dispatched session runs on local parts.");
        var dropFolder = $"{StorageLayout.IncomingPrefix}demo-{Guid.NewGuid().ToString("N")[..8]}/";
        var overrides = new Dictionary<string, string?>(LocalProfile.Settings(local, configuration))
        {
            ["Engine:Queue"] = "storage",
            ["Engine:QueueName"] = pipeline.Queue.QueueName,
            ["Dispatcher:Triggers"] = "BlobDrops, WorkQueue",
            ["Dispatcher:BlobDropPrefix"] = dropFolder,
            ["Dispatcher:BlobPollInterval"] = "00:00:00.250",
            ["Dispatcher:QueuePollInterval"] = "00:00:00.200",
            ["Dispatcher:MaxConcurrentMessages"] = pipeline.WorkerOptions.MaxConcurrentMessages.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in engineSettings)
        {
            overrides[key] = value;
        }

        var settings = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
        var dispatches = new ConcurrentDictionary<(string Function, DispatchOutcome Outcome), int>();
        var app = await LocalFunctionsApp.StartAsync(
            settings, 0, loggers, record => dispatches.AddOrUpdate((record.Function, record.Outcome), 1, (_, n) => n + 1), cancellationToken);
        string jobId;
        JobStatusReport final;
        await using (app)
        {
            using var stopDispatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var dispatching = app.RunAsync(stopDispatching.Token);
            try
            {
                var blobName = await JobUpload.UploadAsync(pipeline.Blobs, inputPath, sidecarJson, time, dropFolder, cancellationToken);
                console.MarkupLineInterpolated($"Input:    dropped [blue]{StorageLayout.JobsContainer}/{blobName}[/]");
                var properties = await pipeline.Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blobName, cancellationToken)
                    ?? throw new InvalidOperationException($"The dropped {blobName} is gone.");
                jobId = JobId.ForBlob(StorageLayout.JobsContainer, blobName, properties.ETag.ToString().Trim('"'));
                await WaitForPickUpAsync(jobId, dispatching, cancellationToken);
                console.MarkupLineInterpolated(
                    $"Job:      [blue]{jobId}[/], submitted by JobDropped through the local dispatcher (handler {app.HandlerAddress}, queue {app.QueueName}, {pipeline.WorkerOptions.MaxConcurrentMessages} calls at once)");
                final = await WatchAsync(jobId, dispatching, cancellationToken);
                await WaitUntilIdleAsync(app, cancellationToken);
            }
            finally
            {
                await stopDispatching.CancelAsync();
                await dispatching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        var summary = await pipeline.Engine.GetSummaryAsync(jobId, cancellationToken)
            ?? throw new InvalidOperationException($"Job {jobId} is {final.Job.Status} but has no summary.json.");
        await ResultDownload.CopyAsync(pipeline.Blobs, jobId, outDirectory, cancellationToken);
        return new DispatchedJobResult(summary, final.Job, dispatches);
    }

    // The drop becomes a job when the poller has seen it and JobDropped has answered.
    private async Task WaitForPickUpAsync(string jobId, Task dispatching, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (await pipeline.Engine.GetJobAsync(jobId, cancellationToken) is null)
        {
            if (dispatching.IsCompleted)
            {
                await dispatching; // rethrows what stopped the dispatcher, if anything did
                throw new InvalidOperationException("The local dispatcher stopped before it picked the drop up.");
            }

            if (time.GetElapsedTime(start) > PickUpTimeout)
            {
                throw new TimeoutException($"The local dispatcher did not submit the drop within {PickUpTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private async Task<JobStatusReport> WatchAsync(string jobId, Task dispatching, CancellationToken cancellationToken)
    {
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = JobProgressView.RunAsync(console, pipeline.Engine, jobId, JobProgressStyle.Compact, PollInterval, time, stopWatching.Token);
        if (await Task.WhenAny(watching, dispatching) == dispatching)
        {
            await stopWatching.CancelAsync();
            await dispatching;
            throw new InvalidOperationException("The local dispatcher stopped before the job finished.");
        }

        return await watching;
    }

    private async Task WaitUntilIdleAsync(LocalFunctionsApp app, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (app.RunningCalls > 0 && time.GetElapsedTime(start) < DrainTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }
}
