using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// One execution of <see cref="JobOrchestrator"/>. Runs on the orchestration's single thread and is replayed from
/// history, so it awaits with the context captured (<c>ConfigureAwait(true)</c>), reads time only from the context and
/// changes nothing outside itself except through activities, sub-orchestrations, events and the custom status.
/// </summary>
internal sealed class JobOrchestrationRun
{
    private readonly TaskOrchestrationContext _context;
    private readonly JobOrchestrationInput _input;
    private readonly TaskOptions _retry;
    private readonly Task<object?> _cancel;
    private bool _cancelled;
    private JobProgress _progress = JobProgress.Start;

    public JobOrchestrationRun(TaskOrchestrationContext context, JobOrchestrationInput input, TaskOptions retry)
    {
        _context = context;
        _input = input;
        _retry = retry;

        // One wait for the whole run: a cancel raised at any point (even while an activity runs) is buffered until seen.
        _cancel = context.WaitForExternalEvent<object?>(JobEvents.Cancel);
    }

    private string JobId => _input.JobId;

    public async Task<JobOrchestrationResult> RunAsync()
    {
        Report(JobProgress.Start);
        var prepared = await PrepareAsync().ConfigureAwait(true);
        if (prepared.Next == JobNext.RunShards)
        {
            await RunShardsAsync(prepared).ConfigureAwait(true);
        }

        var (finished, published) = await FinishAsync().ConfigureAwait(true);
        Report(_progress with { Phase = JobPhase.Finished });
        await StartNotificationsAsync().ConfigureAwait(true);
        if (published)
        {
            await CleanUpAsync().ConfigureAwait(true);
        }

        return new JobOrchestrationResult(JobId, finished.Status, finished.Counts, finished.FailureReason);
    }

    // The job is finished (summary published, state terminal) before this: the deliveries run as orchestrations of their
    // own, so a receiver that keeps failing holds nothing back. If starting them keeps failing, the job still ends.
    private async Task StartNotificationsAsync()
    {
        try
        {
            await _context.CallActivityAsync<int>(JobActivities.StartNotifications, _input, _retry).ConfigureAwait(true);
        }
        catch (TaskFailedException)
        {
            // The framework logs the failed activity; the job's result does not depend on its notifications.
        }
    }

    // Prepares until the job is split (or has nothing to run); a wait is a durable timer that a sidecar's arrival or a
    // cancel cuts short.
    private async Task<JobPreparation> PrepareAsync()
    {
        while (true)
        {
            JobPreparation prepared;
            try
            {
                prepared = await _context.CallActivityAsync<JobPreparation>(JobActivities.Prepare, _input, _retry).ConfigureAwait(true);
            }
            catch (TaskFailedException e)
            {
                await FailAsync(shard: null, e).ConfigureAwait(true);
                return JobPreparation.Finish;
            }

            if (prepared.Next != JobNext.Wait)
            {
                return prepared;
            }

            Report(_progress with { Phase = JobPhase.Waiting });
            using var stop = new CancellationTokenSource();
            var timer = _context.CreateTimer(_context.CurrentUtcDateTime.Add(prepared.RetryAfter), stop.Token);
            var sidecar = _context.WaitForExternalEvent<object?>(JobEvents.SidecarArrived, stop.Token);
            Task[] wakers = _cancelled ? [timer, sidecar] : [timer, sidecar, _cancel];
            var woke = await Task.WhenAny(wakers).ConfigureAwait(true);
            // Synchronously, on the orchestration's thread: CancelAsync would run the callbacks on the thread pool.
            stop.Cancel();
            if (woke == _cancel)
            {
                await RecordCancelAsync().ConfigureAwait(true);
            }

            Report(_progress with { Phase = JobPhase.Preparing });
        }
    }

    private async Task RunShardsAsync(JobPreparation prepared)
    {
        _progress = _progress with
        {
            Phase = _cancelled ? JobPhase.Cancelling : JobPhase.Running,
            ShardsTotal = prepared.ShardCount,
            ShardsDone = prepared.ShardCount - prepared.Shards.Count,
            Lines = prepared.Lines,
        };
        Report(_progress);
        var running = new SortedSet<int>(prepared.Shards);
        var all = Task.WhenAll(prepared.Shards.Select(k => RunShardAsync(k, running)).ToList());
        if (!_cancelled && await Task.WhenAny(all, _cancel).ConfigureAwait(true) == _cancel)
        {
            await RecordCancelAsync().ConfigureAwait(true);
        }

        if (_cancelled)
        {
            // The shards also see the cancel in the job's state; the event lets one waiting on a timer stop at once.
            foreach (var k in running)
            {
                _context.SendEvent(EngineOrchestrations.ShardInstanceId(JobId, k), JobEvents.Cancel, null!);
            }
        }

        await all.ConfigureAwait(true);
    }

    private async Task<ShardOrchestrationResult> RunShardAsync(int shard, SortedSet<int> running)
    {
        ShardOrchestrationResult result;
        try
        {
            result = await _context.CallSubOrchestratorAsync<ShardOrchestrationResult>(
                EngineOrchestrations.Shard,
                new ShardOrchestrationInput(JobId, shard),
                new SubOrchestrationOptions { InstanceId = EngineOrchestrations.ShardInstanceId(JobId, shard) }).ConfigureAwait(true);
        }
        catch (TaskFailedException e)
        {
            // Fail the job now, not at the fan-in: the other shards see the failure in the job's state and stop.
            await FailAsync(shard, e).ConfigureAwait(true);
            result = new ShardOrchestrationResult(shard, Stopped: true, Cause(e));
        }

        running.Remove(shard);
        _progress = _progress with { ShardsDone = _progress.ShardsDone + 1, ShardsStopped = _progress.ShardsStopped + (result.Stopped ? 1 : 0) };
        Report(_progress);
        return result;
    }

    // Published = the finish ran to its end (its work files may go); a failed finish keeps them for a look.
    private async Task<(JobFinishResult Result, bool Published)> FinishAsync()
    {
        Report(_progress with { Phase = JobPhase.Finishing });
        while (true)
        {
            JobFinishResult finished;
            try
            {
                finished = await _context.CallActivityAsync<JobFinishResult>(JobActivities.Finish, _input, _retry).ConfigureAwait(true);
            }
            catch (TaskFailedException e)
            {
                var failed = await _context.CallActivityAsync<JobFinishResult>(
                    JobActivities.PublishFailedSummary, new JobFailureInput(JobId, Shard: null, Cause(e)), _retry).ConfigureAwait(true);
                return (failed, false);
            }

            if (finished.RetryAfter <= TimeSpan.Zero)
            {
                return (finished, true);
            }

            await _context.CreateTimer(_context.CurrentUtcDateTime.Add(finished.RetryAfter), CancellationToken.None).ConfigureAwait(true);
        }
    }

    // After the job is terminal and its webhooks are started, so neither its summary nor its notifications wait for
    // thousands of deletes. The job is done either way: a clean-up that keeps failing (the framework logs it) leaves
    // only storage behind, not a failed job.
    private async Task CleanUpAsync()
    {
        try
        {
            await _context.CallActivityAsync<int>(JobActivities.CleanUp, _input, _retry).ConfigureAwait(true);
        }
        catch (TaskFailedException)
        {
        }
    }

    private async Task RecordCancelAsync()
    {
        _cancelled = true;
        _progress = _progress with { CancelRequested = true, Phase = _progress.Phase == JobPhase.Running ? JobPhase.Cancelling : _progress.Phase };
        Report(_progress);
        await _context.CallActivityAsync<bool>(JobActivities.RecordCancel, _input, _retry).ConfigureAwait(true);
    }

    private Task FailAsync(int? shard, TaskFailedException failure) =>
        _context.CallActivityAsync<bool>(JobActivities.Fail, new JobFailureInput(JobId, shard, Cause(failure)), _retry);

    // The innermost failure says what went wrong; the outer ones only say which task it was in.
    private static string Cause(TaskFailedException failure)
    {
        var details = failure.FailureDetails;
        while (details.InnerFailure is { } inner)
        {
            details = inner;
        }

        return $"{details.ErrorType}: {details.ErrorMessage}";
    }

    private void Report(JobProgress progress)
    {
        _progress = progress;
        _context.SetCustomStatus(progress);
    }
}
