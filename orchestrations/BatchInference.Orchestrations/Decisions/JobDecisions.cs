using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Decisions;

/// <summary>
/// The engine's decisions as pure functions of (state, now, observations): no I/O, no clock of their own. A null
/// result means "nothing to change", which is what a retried activity normally gets.
/// </summary>
internal static class JobDecisions
{
    /// <summary>The state of a job that was just submitted.</summary>
    public static JobState Submitted(string jobId, JobSource source, DateTimeOffset createdAt, string? settingsJson = null, string? apiBatchId = null) => new()
    {
        ApiBatchId = apiBatchId,
        SettingsJson = settingsJson,
        JobId = jobId,
        Source = source,
        Status = JobStatus.Pending,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>What preparing does with the job as it finds it.</summary>
    public static StartAction OnStart(JobState state) => state.Status switch
    {
        JobStatus.Pending when state.StopRequested => StartAction.Finish,
        JobStatus.Pending => StartAction.Split,
        JobStatus.Running => StartAction.HandOut,
        JobStatus.Finishing => StartAction.Finish,
        _ => StartAction.None,
    };

    /// <summary>
    /// What a job that is past its sidecar wait and split needs next: a running job its unfinished shards, a finishing
    /// one its finish; anything else nothing.
    /// </summary>
    public static JobPreparation Next(JobState state) => state.Status switch
    {
        JobStatus.Running => new JobPreparation(JobNext.RunShards, TimeSpan.Zero, Unfinished(state), state.ShardCount ?? 0, state.Lines),
        JobStatus.Finishing => JobPreparation.Finish,
        _ => JobPreparation.None,
    };

    /// <summary>The shards of a split job not recorded as finished, in order.</summary>
    public static IReadOnlyList<int> Unfinished(JobState state) =>
        [.. Enumerable.Range(0, state.ShardCount ?? 0).Where(k => !state.ShardsFinished.Contains(k))];

    /// <summary>
    /// Every shard of a running job has ended (its orchestration returned, or failed and was recorded): the job moves to
    /// finishing with all of them recorded as finished. Null when it is not running.
    /// </summary>
    public static JobState? ShardsEnded(JobState state, DateTimeOffset now) =>
        state.Status != JobStatus.Running ? null : state with
        {
            ShardsFinished = [.. state.ShardsFinished, .. Unfinished(state)],
            Status = JobStatus.Finishing,
            UpdatedAt = now,
        };

    /// <summary>The job after its input was split: running, or straight to finishing when it has no lines.</summary>
    public static JobState? Split(JobState state, int shardCount, long lines, long inputBytes, DateTimeOffset now) =>
        state.Status != JobStatus.Pending ? null : state with
        {
            Status = shardCount == 0 ? JobStatus.Finishing : JobStatus.Running,
            ShardCount = shardCount,
            Lines = lines,
            InputBytes = inputBytes,
            StartedAt = now,
            UpdatedAt = now,
        };

    /// <summary>Records the job's settings as read at start (the deadline is fixed from then on).</summary>
    public static JobState? Configure(
        JobState state, DateTimeOffset deadline, decimal? budgetUsd, IReadOnlyDictionary<string, string> tags, DateTimeOffset now, string? sidecarETag = null) =>
        state.Status != JobStatus.Pending ? null
        : state with { Deadline = deadline, BudgetUsd = budgetUsd, Tags = tags, SidecarETag = sidecarETag, UpdatedAt = now };

    /// <summary>Records that the job waits for its sidecar until <paramref name="until"/> (once; later checks change nothing).</summary>
    public static JobState? AwaitSidecar(JobState state, DateTimeOffset until, DateTimeOffset now) =>
        state.Status != JobStatus.Pending || state.SidecarWaitUntil is not null ? null : state with { SidecarWaitUntil = until, UpdatedAt = now };

    /// <summary>Records a finished shard; the job moves to finishing when it was the last one.</summary>
    public static JobState? ShardFinished(JobState state, int shard, DateTimeOffset now)
    {
        if (state.Status != JobStatus.Running || state.ShardsFinished.Contains(shard) || shard < 0 || shard >= state.ShardCount)
        {
            return null;
        }

        var finished = state.ShardsFinished.Append(shard).ToArray();
        var all = state.ShardCount is { } count && finished.Length >= count;
        return state with { ShardsFinished = finished, Status = all ? JobStatus.Finishing : JobStatus.Running, UpdatedAt = now };
    }

    /// <summary>Records that a budget stopped lines of the job (the first budget named wins).</summary>
    public static JobState? BudgetExceeded(JobState state, string budget, DateTimeOffset now) =>
        state.Status.IsTerminal() || state.BudgetExceeded is not null ? null : state with { BudgetExceeded = budget, UpdatedAt = now };

    /// <summary>True when whoever recorded the last shard (or a retry of it) must have the job finished.</summary>
    public static bool ShouldFinish(JobState state) => state.Status == JobStatus.Finishing;

    /// <summary>A user's cancel: shards stop starting lines; the job ends <c>cancelled</c> keeping what is done.</summary>
    /// <remarks>
    /// A job not split yet goes straight to finishing with no shards (and no results).
    /// </remarks>
    public static JobState? Cancel(JobState state, DateTimeOffset now) =>
        state.Status.IsTerminal() || state.CancelRequested ? null
        : state.Status == JobStatus.Pending ? state with { CancelRequested = true, Status = JobStatus.Finishing, ShardCount = 0, UpdatedAt = now }
        : state with { CancelRequested = true, UpdatedAt = now };

    /// <summary>
    /// A job that cannot go on (a message became poison, the input is unreadable): it stops starting lines, keeps what
    /// is done and ends <c>failed</c> with <paramref name="reason"/>. A failing shard counts as finished.
    /// </summary>
    public static JobState? Fail(JobState state, string reason, int? shard, DateTimeOffset now)
    {
        if (state.Status.IsTerminal())
        {
            return null;
        }

        var failing = state with { FailureReason = state.FailureReason ?? reason, UpdatedAt = now };
        return state.Status switch
        {
            JobStatus.Pending => failing with { Status = JobStatus.Finishing, ShardCount = 0 },
            JobStatus.Running when shard is { } k => ShardFinished(failing, k, now) ?? failing,
            _ => failing,
        };
    }

    /// <summary>The terminal status of a finished job from what its lines came to.</summary>
    public static (JobSummaryStatus Status, string? FailureReason) Outcome(JobState state, JobLineCounts counts)
    {
        if (state.FailureReason is { } reason)
        {
            return (JobSummaryStatus.Failed, reason);
        }

        if (state.CancelRequested)
        {
            return (JobSummaryStatus.Cancelled, null);
        }

        if (state.BudgetExceeded is { } budget)
        {
            return (JobSummaryStatus.BudgetExceeded, $"Lines were not sent because they could pass {budget} (see budget_exceeded in errors.jsonl).");
        }

        var failure = counts.Total == 0 ? "The input has no request lines."
            : counts.Succeeded + counts.Failed == 0 ? $"No line could run: all {counts.Invalid} lines are invalid (see errors.jsonl)."
            : null;
        return (JobSummary.StatusFor(counts, failure), failure);
    }

    /// <summary>The job once its summary is published.</summary>
    public static JobState? Finished(JobState state, JobSummary summary, DateTimeOffset now) =>
        state.Status.IsTerminal() ? null : state with
        {
            Status = summary.Status switch
            {
                JobSummaryStatus.Completed => JobStatus.Completed,
                JobSummaryStatus.CompletedWithErrors => JobStatus.CompletedWithErrors,
                JobSummaryStatus.Cancelled => JobStatus.Cancelled,
                JobSummaryStatus.BudgetExceeded => JobStatus.BudgetExceeded,
                _ => JobStatus.Failed,
            },
            FailureReason = summary.FailureReason,
            FinishedAt = summary.FinishedAt ?? now,
            UpdatedAt = now,
        };
}
