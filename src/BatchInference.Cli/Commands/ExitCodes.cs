using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Commands;

/// <summary>
/// Exit codes of the job commands: 0 the job ran (completed, completed_with_errors, or is still running), 1 it failed,
/// 2 usage error or unknown job, 3 it was cancelled, 4 its budget was reached, 5 (<c>run</c>) it completed but lines
/// failed at the provider.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Cancelled = 3;
    public const int BudgetExceeded = 4;
    public const int LinesFailed = 5;

    public static int For(JobStatus status) => status switch
    {
        JobStatus.Failed => Failed,
        JobStatus.Cancelled => Cancelled,
        JobStatus.BudgetExceeded => BudgetExceeded,
        _ => Ok,
    };

    /// <summary>
    /// As <see cref="For(JobSummaryStatus)"/>, except that a job whose lines failed at the provider (e.g. every line
    /// <c>deadline_exceeded</c> after an outage) is not a success: a script must not mistake it for one. Invalid input
    /// lines alone still exit 0.
    /// </summary>
    public static int For(JobSummary summary) =>
        summary.Status == JobSummaryStatus.CompletedWithErrors && summary.Counts.Failed > 0 ? LinesFailed : For(summary.Status);

    public static int For(JobSummaryStatus status) => status switch
    {
        JobSummaryStatus.Failed => Failed,
        JobSummaryStatus.Cancelled => Cancelled,
        JobSummaryStatus.BudgetExceeded => BudgetExceeded,
        _ => Ok,
    };
}
