using BatchInference.Orchestrations.Engine;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// The engine a <c>job-memory-run</c> child measures, with what runs its work in this process: the engine on Durable
/// Task with a local task hub worker (<see cref="DurableJobHost"/>). Disposing stops the worker and removes its task hub.
/// </summary>
internal interface IJobMemoryHost : IAsyncDisposable
{
    /// <summary><c>durable</c> (a baseline build before it reports <c>queue</c> or nothing).</summary>
    string Kind { get; }

    /// <summary>The engine that submits and reads the job.</summary>
    JobEngine Engine { get; }

    /// <summary>What the worker has done so far, for the progress line.</summary>
    string Progress { get; }

    /// <summary>Starts the worker; the task ends only when it stops (cancelled) or fails.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Adds what this host counts to the run's result, once the job has ended.</summary>
    Task<JobMemoryResult> CompleteAsync(JobMemoryResult result, CancellationToken cancellationToken);
}
