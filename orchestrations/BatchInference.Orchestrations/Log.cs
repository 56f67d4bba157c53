using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations;

/// <summary>Log messages of the orchestration layer (EventIds 6000–6999). Never prompts, responses or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Job {JobId} started from {Container}/{BlobName} ({Bytes} bytes), deadline {Deadline:o}")]
    public static partial void JobStarted(ILogger logger, string jobId, string container, string blobName, long bytes, DateTimeOffset deadline);

    [LoggerMessage(6001, LogLevel.Information, "Job {JobId} finished {Status}: {Succeeded} succeeded, {Failed} failed, {Invalid} invalid, {Cost} {Currency}")]
    public static partial void JobFinished(ILogger logger, string jobId, string status, long succeeded, long failed, long invalid, decimal cost, string currency);

    [LoggerMessage(6002, LogLevel.Information, "Job {JobId} already finished; returning its summary instead of running it again")]
    public static partial void JobAlreadyFinished(ILogger logger, string jobId);

    [LoggerMessage(6003, LogLevel.Warning, "Job {JobId} failed before running: {Reason}")]
    public static partial void JobRejected(ILogger logger, string jobId, string reason);

    [LoggerMessage(6004, LogLevel.Warning, "Job {JobId} reached its budget of {Budget} USD; remaining lines are not sent")]
    public static partial void BudgetReached(ILogger logger, string jobId, decimal budget);

    [LoggerMessage(6005, LogLevel.Information, "Job {JobId} published {Blob}")]
    public static partial void Published(ILogger logger, string jobId, string blob);

    [LoggerMessage(6006, LogLevel.Information, "Job {JobId} is being run by another runner; waiting for it to finish or to give the job up")]
    public static partial void JobClaimedElsewhere(ILogger logger, string jobId);
}
