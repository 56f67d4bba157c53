using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Commands;

/// <summary>
/// Exit codes of the job commands: 0 the job ran (completed, completed_with_errors, or is still running), 1 it failed,
/// 2 usage error or unknown job, 3 it was cancelled.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Cancelled = 3;
    public const int BudgetExceeded = 4;

    public static int For(JobStatus status) => status switch
    {
        JobStatus.Failed => Failed,
        JobStatus.Cancelled => Cancelled,
        JobStatus.BudgetExceeded => BudgetExceeded,
        _ => Ok,
    };

    public static int For(JobSummaryStatus status) => status switch
    {
        JobSummaryStatus.Failed => Failed,
        JobSummaryStatus.Cancelled => Cancelled,
        JobSummaryStatus.BudgetExceeded => BudgetExceeded,
        _ => Ok,
    };
}
