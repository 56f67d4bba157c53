using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Intake;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace BatchInference.Cli.Local;

/// <summary>
/// The local stand-in for the Functions app's triggers. Drops: polls a folder of <c>jobs/incoming/</c> and hands every
/// new blob version to the engine as <c>JobDropped</c> does in Azure. An input is submitted, which starts its job
/// orchestration under the deterministic job id (path and ETag), so a drop seen twice, by this loop after a restart or
/// by two loops, starts one job; a <c>.job.json</c> sidecar goes to <see cref="JobEngine.SidecarArrivedAsync"/>.
/// Optionally (<c>bi worker --local</c>) also the job-message queue (<see cref="JobMessages"/>, as <c>JobMessage</c>)
/// and the nightly slot (<see cref="NightlySchedule"/>, as <c>Nightly</c>: <see cref="NightlyIntake"/>).
/// </summary>
internal sealed partial class LocalTriggerLoop(IBlobStore blobs, JobEngine engine, string prefix, TimeSpan pollInterval, TimeProvider time, ILogger logger)
{
    private readonly HashSet<(string Name, string ETag)> _seen = [];
    private DateTime? _nextSlot;

    /// <summary>Folders under the drop prefix this loop leaves alone (other sessions' private drops).</summary>
    public IReadOnlyList<string> ExcludedPrefixes { get; init; } = [];

    /// <summary>The job-message queue to read, or null.</summary>
    public LocalJobMessages? JobMessages { get; init; }

    /// <summary>When nightly slots fall (UTC), or null: none. The first slot is the first after the loop starts.</summary>
    public CrontabSchedule? NightlySchedule { get; init; }

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

                try
                {
                    if (JobMessages is not null)
                    {
                        await JobMessages.ReceiveOnceAsync(engine, cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReceiveFailed(logger, JobMessageIntake.QueueName, ex);
                }

                try
                {
                    if (IsNightlySlotDue())
                    {
                        await RunNightlySlotAsync(cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogNightlyFailed(logger, ex);
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
            if (item.Name.EndsWith('/') || _seen.Contains(version) || ExcludedPrefixes.Any(p => item.Name.StartsWith(p, StringComparison.Ordinal)))
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

    /// <summary>
    /// True once the current slot's time has come (the slot is then consumed and the next one set); the first call only
    /// sets the first slot after now. A slot missed while the loop was stopped is not caught up.
    /// </summary>
    public bool IsNightlySlotDue()
    {
        if (NightlySchedule is null)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (_nextSlot is null)
        {
            _nextSlot = NightlySchedule.GetNextOccurrence(now);
            return false;
        }

        if (now < _nextSlot)
        {
            return false;
        }

        _nextSlot = NightlySchedule.GetNextOccurrence(now);
        return true;
    }

    /// <summary>Runs one nightly slot: submits every input staged under <c>jobs/nightly/</c> (<see cref="NightlyIntake"/>).</summary>
    /// <returns>The ids of the jobs the staged inputs name.</returns>
    public async Task<IReadOnlyList<string>> RunNightlySlotAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        foreach (var (input, jobId) in await NightlyIntake.RunSlotAsync(blobs, engine, cancellationToken))
        {
            if (jobId is not null)
            {
                LogSubmitted(logger, input, jobId);
                jobs.Add(jobId);
            }
        }

        LogNightlyRan(logger, jobs.Count);
        return jobs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drop {Blob}: job {JobId} (its orchestration has the job's id).")]
    private static partial void LogSubmitted(ILogger logger, string blob, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sidecar {Blob} arrived after job {JobId} read its settings: the job is stopped.")]
    private static partial void LogSidecarTooLate(ILogger logger, string blob, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly slot: {Count} staged inputs, each job started now or found started.")]
    private static partial void LogNightlyRan(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the queue {Queue} failed; its messages reappear after their visibility timeout.")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The nightly slot failed; inputs it did not reach wait for the next slot.")]
    private static partial void LogNightlyFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling jobs/{Prefix} for drops failed; retrying at the next poll.")]
    private static partial void LogPollFailed(ILogger logger, string prefix, Exception exception);
}
