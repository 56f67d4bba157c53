using Microsoft.Extensions.Logging;

namespace BatchInference.Storage;

/// <summary>Logging for the storage project (EventIds 1000-1999). Never logs keys, SAS tokens or Authorization
/// headers; blob content and queue message bodies are never logged, nor pop receipts. Queue messages use 1200-1299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug,
        Message = "{Operation} on {Container}/{BlobName} not applied: precondition failed ({ErrorCode})")]
    public static partial void WritePreconditionFailed(ILogger logger, string operation, string container, string blobName, string? errorCode);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug,
        Message = "{Operation} on {Container}/{BlobName} failed with {Status} {ErrorCode}")]
    public static partial void RequestFailed(ILogger logger, string operation, string container, string blobName, int status, string? errorCode);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "Starting Azurite (blob {BlobPort}, queue {QueuePort}, table {TablePort}, {Persistence})")]
    public static partial void AzuriteStarting(ILogger logger, int blobPort, int queuePort, int tablePort, string persistence);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Azurite (pid {ProcessId}) is listening at {BlobEndpoint} after {ElapsedMs} ms")]
    public static partial void AzuriteReady(ILogger logger, int processId, Uri blobEndpoint, long elapsedMs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Azurite failed to start: {Reason}")]
    public static partial void AzuriteStartFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Azurite (pid {ProcessId}) stopped")]
    public static partial void AzuriteStopped(ILogger logger, int processId);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug,
        Message = "Sent message {MessageId} to queue {Queue} ({Bytes} bytes, visible at {VisibleAt:O})")]
    public static partial void QueueMessageSent(ILogger logger, string messageId, string queue, int bytes, DateTimeOffset visibleAt);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Received {Count} messages from queue {Queue}")]
    public static partial void QueueMessagesReceived(ILogger logger, int count, string queue);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug,
        Message = "{Operation} of message {MessageId} in queue {Queue}: lock lost ({ErrorCode})")]
    public static partial void QueueLockLost(ILogger logger, string operation, string messageId, string queue, string? errorCode);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "{Operation} on queue {Queue} failed with {Status} {ErrorCode}")]
    public static partial void QueueRequestFailed(ILogger logger, string operation, string queue, int status, string? errorCode);
}
