using BatchInference.Cli.Durable;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Composition;

/// <summary>What <see cref="DropJobSession"/> ran: the summary, the job's final state and its orchestrations.</summary>
/// <param name="Summary">The job's <c>summary.json</c>.</param>
/// <param name="Job">The job's state once terminal (shard count, times).</param>
/// <param name="Orchestrations">The job's orchestrations in the task hub and the worker's activity count.</param>
internal sealed record DropJobResult(JobSummary Summary, JobState Job, OrchestrationCounts Orchestrations);
