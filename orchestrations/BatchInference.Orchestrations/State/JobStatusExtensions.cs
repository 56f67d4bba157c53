namespace BatchInference.Orchestrations.State;

/// <summary>Questions asked of a <see cref="JobStatus"/>.</summary>
public static class JobStatusExtensions
{
    /// <summary>True for the statuses a job never leaves.</summary>
    /// <param name="status">The status.</param>
    /// <returns>Whether the job is over.</returns>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.CompletedWithErrors or JobStatus.Failed or JobStatus.Cancelled or JobStatus.BudgetExceeded;
}
