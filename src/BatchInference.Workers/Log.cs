using Microsoft.Extensions.Logging;

namespace BatchInference.Workers;

/// <summary>Logging for the worker host (EventIds 7000-7099). Logs message ids, dequeue counts and delays; never message
/// bodies (they may hold prompts) nor lock tokens (they are credentials for a message).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information,
        Message = "Worker starting: up to {MaxConcurrent} handlers, lock {LockDuration}, poison after {MaxDeliveryCount} deliveries")]
    public static partial void Starting(ILogger logger, int maxConcurrent, TimeSpan lockDuration, int maxDeliveryCount);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Worker stopping: cancelled {Running} running handlers, waiting up to {StopTimeout}")]
    public static partial void Stopping(ILogger logger, int running, TimeSpan stopTimeout);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Worker stopped: {Stats}")]
    public static partial void Stopped(ILogger logger, WorkerStats stats);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "Handler for message {MessageId} did not finish within the stop timeout; abandoning the message for another worker")]
    public static partial void HandlerOutlivedStop(ILogger logger, string messageId);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information,
        Message = "Message {MessageId} was not finished when the worker stopped; abandoned for another worker")]
    public static partial void AbandonedOnStop(ILogger logger, string messageId);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Received message {MessageId} (delivery {DequeueCount})")]
    public static partial void Received(ILogger logger, string messageId, int dequeueCount);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Debug, Message = "Completed message {MessageId}")]
    public static partial void Completed(ILogger logger, string messageId);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Debug,
        Message = "Rescheduled message {MessageId} as {CopyId}, visible after {Delay}")]
    public static partial void Rescheduled(ILogger logger, string messageId, string copyId, TimeSpan delay);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning,
        Message = "Handling message {MessageId} failed on delivery {DequeueCount}; retrying after {RetryDelay}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string messageId, int dequeueCount, TimeSpan retryDelay);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Information,
        Message = "{Operation} of message {MessageId} found the lock lost; the message belongs to another receiver now")]
    public static partial void SettleLockLost(ILogger logger, string operation, string messageId);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Warning,
        Message = "{Operation} of message {MessageId} failed; it will be delivered again when its lock lapses")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string operation, string messageId);

    [LoggerMessage(EventId = 7016, Level = LogLevel.Information,
        Message = "Lock on message {MessageId} was lost during handling; cancelling its handler")]
    public static partial void LockLost(ILogger logger, string messageId);

    [LoggerMessage(EventId = 7017, Level = LogLevel.Warning,
        Message = "Renewing the lock on message {MessageId} failed; trying again in {Interval}")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string messageId, TimeSpan interval);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Warning,
        Message = "Message {MessageId} is poison: {Reason}; moving it to the poison queue")]
    public static partial void Poisoned(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Error,
        Message = "The poison callback for message {MessageId} failed; moving the message aside anyway")]
    public static partial void PoisonCallbackFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Error,
        Message = "Moving poison message {MessageId} to the poison queue failed; retrying after {RetryDelay}")]
    public static partial void PoisonMoveFailed(ILogger logger, Exception exception, string messageId, TimeSpan retryDelay);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Warning,
        Message = "Receiving from the work queue failed ({ConsecutiveFailures} in a row); trying again in {RetryDelay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, int consecutiveFailures, TimeSpan retryDelay);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Information,
        Message = "Receiving from the work queue works again after {ConsecutiveFailures} failures")]
    public static partial void ReceiveRecovered(ILogger logger, int consecutiveFailures);
}
