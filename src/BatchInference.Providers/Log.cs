using Microsoft.Extensions.Logging;

namespace BatchInference.Providers;

/// <summary>
/// Every log line of the project: real-time calls 3000-3099, batch APIs 5300-5399. Bodies are never logged; the API key
/// is never logged at all.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug,
        Message = "{Provider}: attempt {Attempt} for {CustomId} throttled (429)")]
    public static partial void AttemptThrottled(ILogger logger, string provider, string customId, int attempt);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "{Provider}: attempt {Attempt} for {CustomId} failed with status {StatusCode}")]
    public static partial void AttemptFailedStatus(ILogger logger, string provider, string customId, int attempt, int statusCode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "{Provider}: attempt {Attempt} for {CustomId} failed without an answer: {Error}")]
    public static partial void AttemptFailedException(ILogger logger, string provider, string customId, int attempt, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "{Provider}: rate limited by the provider (status {StatusCode}); pausing sends until {Until:O}")]
    public static partial void RateLimitPaused(ILogger logger, string provider, int statusCode, DateTimeOffset until);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "{Provider}: {CustomId} rejected with status {StatusCode}; not retrying")]
    public static partial void RequestRejected(ILogger logger, string provider, string customId, int statusCode);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information,
        Message = "{Provider}: {CustomId} failed after {Attempts} attempts ({ErrorCode})")]
    public static partial void RequestFailed(ILogger logger, string provider, string customId, int attempts, string errorCode);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "{Provider}: circuit opened for {BreakDuration} after repeated failures")]
    public static partial void CircuitOpened(ILogger logger, string provider, TimeSpan breakDuration);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning,
        Message = "{Provider}: circuit half-open, probing the provider")]
    public static partial void CircuitHalfOpened(ILogger logger, string provider);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning,
        Message = "{Provider}: circuit closed, provider healthy again")]
    public static partial void CircuitClosed(ILogger logger, string provider);

    [LoggerMessage(EventId = 5300, Level = LogLevel.Information,
        Message = "{Provider}: created batch {BatchId} for job {JobId} shard {Shard} attempt {Attempt} with {Lines} requests")]
    public static partial void BatchCreated(ILogger logger, string provider, string batchId, string jobId, int shard, int attempt, int lines);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information,
        Message = "{Provider}: batch API call failed, attempt {Attempt} follows in {Delay}: {Error}")]
    public static partial void BatchCallRetrying(ILogger logger, string provider, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning,
        Message = "{Provider}: creating the batch for job {JobId} shard {Shard} attempt {Attempt} failed, but batch {BatchId} exists for it; adopting it")]
    public static partial void BatchAdoptedAfterFailedCreate(ILogger logger, string provider, string jobId, int shard, int attempt, string batchId);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information,
        Message = "{Provider}: asked to cancel batch {BatchId}; it is now {Status}")]
    public static partial void BatchCancelRequested(ILogger logger, string provider, string batchId, string status);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Warning,
        Message = "{Provider}: result line {Line} of batch {BatchId} is unreadable and was skipped: {Reason}")]
    public static partial void BatchResultLineSkipped(ILogger logger, string provider, string batchId, long line, string reason);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Warning,
        Message = "{Provider}: {Count} batches match job {JobId} shard {Shard} attempt {Attempt}; {Decision}")]
    public static partial void BatchFindAmbiguous(ILogger logger, string provider, int count, string jobId, int shard, int attempt, string decision);
}
