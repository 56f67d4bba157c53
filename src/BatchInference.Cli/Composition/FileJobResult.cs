using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Composition;

/// <summary>What <see cref="FileJobSession"/> ran: the published summary and the job's final state.</summary>
/// <param name="Summary">The job's <c>summary.json</c>.</param>
/// <param name="Job">The job's state once terminal (shard count, times).</param>
internal sealed record FileJobResult(JobSummary Summary, JobState Job);
