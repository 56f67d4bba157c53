using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Cli.Local;

/// <summary>
/// The local stand-in for the Functions app's blob trigger: polls a folder of <c>jobs/incoming/</c> and hands every new
/// blob version to the engine as <c>JobDropped</c> does in Azure. An input is submitted, which starts its job
/// orchestration under the deterministic job id (path and ETag), so a drop seen twice, by this loop after a restart or
/// by two loops, starts one job; a <c>.job.json</c> sidecar goes to <see cref="JobEngine.SidecarArrivedAsync"/>.
/// </summary>
internal sealed partial class LocalTriggerLoop(IBlobStore blobs, JobEngine engine, string prefix, TimeSpan pollInterval, TimeProvider time, ILogger logger)
{
    private readonly HashSet<(string Name, string ETag)> _seen = [];

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled; a failed poll is logged and retried at the next.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await PollOnceAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPollFailed(logger, prefix, ex);
                }

                await Task.Delay(pollInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Hands every blob version not seen before to the engine.</summary>
    /// <returns>The ids of the jobs the new inputs name (started now or found started).</returns>
    public async Task<IReadOnlyList<string>> PollOnceAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        await foreach (var item in blobs.ListAsync(StorageLayout.JobsContainer, prefix, cancellationToken: cancellationToken))
        {
            var version = (item.Name, item.ETag.ToString());
            if (item.Name.EndsWith('/') || _seen.Contains(version))
            {
                continue;
            }

            if (StorageLayout.IsSidecar(item.Name))
            {
                if (await engine.SidecarArrivedAsync(StorageLayout.JobsContainer, item.Name, cancellationToken) is { } failed)
                {
                    LogSidecarTooLate(logger, item.Name, failed.JobId);
                }
            }
            else
            {
                try
                {
                    var jobId = await engine.SubmitAsync(StorageLayout.JobsContainer, item.Name, cancellationToken);
                    LogSubmitted(logger, item.Name, jobId);
                    jobs.Add(jobId);
                }
                catch (FileNotFoundException)
                {
                    // Deleted since the listing: nothing to run.
                }
            }

            _seen.Add(version);
        }

        return jobs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drop {Blob}: job {JobId} (its orchestration has the job's id).")]
    private static partial void LogSubmitted(ILogger logger, string blob, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sidecar {Blob} arrived after job {JobId} read its settings: the job is stopped.")]
    private static partial void LogSidecarTooLate(ILogger logger, string blob, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling jobs/{Prefix} for drops failed; retrying at the next poll.")]
    private static partial void LogPollFailed(ILogger logger, string prefix, Exception exception);
}
