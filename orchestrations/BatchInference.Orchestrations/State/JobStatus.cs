using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.State;

/// <summary>Where a job is in its life: <c>pending → running → finishing →</c> one terminal status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Submitted; its input has not been split into shards yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Split into shards; shards are being run.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Every shard has finished; results are being merged and published.</summary>
    [JsonStringEnumMemberName("finishing")]
    Finishing,

    /// <summary>Terminal: every line was answered successfully.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Terminal: the job ran; some lines failed or were invalid (see <c>errors.jsonl</c>).</summary>
    [JsonStringEnumMemberName("completed_with_errors")]
    CompletedWithErrors,

    /// <summary>Terminal: the job could not run, or stopped on an error; the reason is in <c>failure_reason</c>.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Terminal: a budget stopped lines from being sent; what was answered is kept in the results.</summary>
    [JsonStringEnumMemberName("budget_exceeded")]
    BudgetExceeded,

    /// <summary>Terminal: cancelled by a user; finished lines are kept in the results.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
