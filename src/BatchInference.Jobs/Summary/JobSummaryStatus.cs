using System.Text.Json.Serialization;

namespace BatchInference.Jobs.Summary;

/// <summary>How a job ended (the <c>status</c> of <c>summary.json</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobSummaryStatus>))]
public enum JobSummaryStatus
{
    /// <summary>Every line succeeded (<c>completed</c>).</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The job ran, but some lines failed or were invalid (<c>completed_with_errors</c>).</summary>
    [JsonStringEnumMemberName("completed_with_errors")]
    CompletedWithErrors,

    /// <summary>The job could not run; see <see cref="JobSummary.FailureReason"/> (<c>failed</c>).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>A budget (the job's <c>budget_usd</c> or a tag's monthly budget) stopped lines from being sent; the answered
    /// lines are in the results, the rest in <c>errors.jsonl</c> as <c>budget_exceeded</c>.</summary>
    [JsonStringEnumMemberName("budget_exceeded")]
    BudgetExceeded,

    /// <summary>Cancelled by a user; the lines finished before the cancel are in the results, the rest in <c>errors.jsonl</c>.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
