using Microsoft.Extensions.Logging;

namespace BatchInference.Storage;

/// <summary>Logging for the storage project (EventIds 1000-1999). Never logs keys, SAS tokens or Authorization
/// headers; blob content is never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug,
        Message = "Committed {BlockCount} blocks ({Bytes} bytes) to {Container}/{BlobName}")]
    public static partial void StagedUploadCommitted(ILogger logger, int blockCount, long bytes, string container, string blobName);

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
}
