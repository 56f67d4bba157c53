using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>Job states at each point of their life, built the way the engine builds them, at fixed times.</summary>
internal static class SampleJobs
{
    public const string JobId = "job_0123456789abcdef01234567";

    public static readonly DateTimeOffset Created = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = Created.AddMinutes(5);

    public static JobSource Source { get; } = new("jobs", "incoming/a.jsonl", "0x8DC1");

    public static JobState Pending() => JobDecisions.Submitted(JobId, Source, Created);

    public static JobState Running(int shardCount, params int[] finished) => Pending() with
    {
        Status = JobStatus.Running,
        ShardCount = shardCount,
        ShardsFinished = finished,
        Lines = shardCount * 10L,
        InputBytes = shardCount * 1000L,
        StartedAt = Created.AddMinutes(1),
        UpdatedAt = Created.AddMinutes(1),
    };

    /// <summary>A job with <paramref name="status"/> and the fields a job of that status has.</summary>
    public static JobState WithStatus(JobStatus status) => status switch
    {
        JobStatus.Pending => Pending(),
        JobStatus.Running => Running(3),
        _ => Running(3, 0, 1, 2) with { Status = status },
    };
}
