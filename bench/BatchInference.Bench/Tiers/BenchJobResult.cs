using BatchInference.Jobs.Summary;

namespace BatchInference.Bench.Tiers;

/// <summary>A finished job: its id, summary, and the time from submitting to the summary being seen.</summary>
internal sealed record BenchJobResult(string JobId, JobSummary Summary, TimeSpan Wall);
