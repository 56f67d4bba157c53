using System.Diagnostics;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Submits a job, then polls it until its summary is published and its state is terminal, moving the sampler to the phase
/// that matches the job's status: <c>split</c> (pending: the input is being split into shards), <c>shards</c>
/// (running), <c>finish</c> (merging and publishing). A status the poll never saw is a phase the report leaves out.
/// </summary>
internal sealed class JobCompletionWatch(JobEngine engine, MemorySampler sampler)
{
    /// <summary>The phases of a run, in order, and the job status each stands for.</summary>
    public static readonly IReadOnlyList<(string Phase, JobStatus Status)> RunPhases =
    [
        ("split", JobStatus.Pending),
        ("shards", JobStatus.Running),
        ("finish", JobStatus.Finishing),
    ];

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The latest job state seen.</summary>
    public JobState? Latest { get; private set; }

    /// <summary>
    /// Enters the first phase, calls <paramref name="submit"/> and waits for the job it returns to end.
    /// <paramref name="worker"/> is the worker's run: if it ends first, the job cannot finish and this throws.
    /// </summary>
    /// <returns>The summary, the final state, and the time from submitting to the summary being seen.</returns>
    public async Task<(JobSummary Summary, JobState State, TimeSpan Wall)> RunAsync(
        Func<CancellationToken, Task<string>> submit, Task worker, CancellationToken cancellationToken = default)
    {
        var phase = 0;
        sampler.Enter(RunPhases[phase].Phase);
        var started = Stopwatch.GetTimestamp();
        var jobId = await submit(cancellationToken);
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            if (worker.IsCompleted)
            {
                await worker;
                throw new InvalidOperationException($"The worker stopped before job {jobId} finished.");
            }

            var state = await engine.GetJobAsync(jobId, cancellationToken)
                ?? throw new InvalidOperationException($"Job {jobId} has no state.");
            Latest = state;
            phase = Advance(phase, state.Status);
            if (state.Status.IsTerminal() && await engine.GetSummaryAsync(jobId, cancellationToken) is { } summary)
            {
                return (summary, state, Stopwatch.GetElapsedTime(started));
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));

        throw new OperationCanceledException(cancellationToken);
    }

    // Phases only move forward; a status between two polls that was never seen is skipped.
    private int Advance(int phase, JobStatus status)
    {
        for (var next = phase + 1; next < RunPhases.Count; next++)
        {
            if (RunPhases[next].Status == status)
            {
                sampler.Enter(RunPhases[next].Phase);
                return next;
            }
        }

        return phase;
    }
}
