using BatchInference.Functions.Local;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Composition;

/// <summary>What <see cref="DispatchedJobSession"/> ran: the summary, the job's final state and what the dispatcher invoked.</summary>
/// <param name="Summary">The job's <c>summary.json</c>.</param>
/// <param name="Job">The job's state once terminal (shard count, times).</param>
/// <param name="Dispatches">How many invocations each function had, by outcome.</param>
internal sealed record DispatchedJobResult(
    JobSummary Summary, JobState Job, IReadOnlyDictionary<(string Function, DispatchOutcome Outcome), int> Dispatches);
