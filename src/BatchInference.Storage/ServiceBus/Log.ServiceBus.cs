using Microsoft.Extensions.Logging;

namespace BatchInference.Storage;

/// <summary>Service Bus queue logging (EventIds 1300-1399). Never logs keys, SAS tokens, lock tokens or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug,
        Message = "Sent {Count} message(s) to Service Bus queue {Queue} ({Bytes} bytes, first visible at {VisibleAt:O})")]
    public static partial void ServiceBusMessagesSent(ILogger logger, int count, string queue, long bytes, DateTimeOffset visibleAt);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Received {Count} message(s) from Service Bus queue {Queue}")]
    public static partial void ServiceBusMessagesReceived(ILogger logger, int count, string queue);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug,
        Message = "{Operation} of message {MessageId} in Service Bus queue {Queue}: lock lost ({Status})")]
    public static partial void ServiceBusLockLost(ILogger logger, string operation, string messageId, string queue, int status);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning,
        Message = "{Operation} on Service Bus queue {Queue} failed with {Status}")]
    public static partial void ServiceBusRequestFailed(ILogger logger, string operation, string queue, int status);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Debug,
        Message = "Abandoned message {MessageId} in Service Bus queue {Queue} with a delay: re-sent as {CopyId}, visible at {VisibleAt:O}")]
    public static partial void ServiceBusDelayedAbandon(ILogger logger, string messageId, string queue, string copyId, DateTimeOffset visibleAt);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning,
        Message = "Dead-lettered message {MessageId} of Service Bus queue {Queue} to {DeadLetterQueue}: {Reason}")]
    public static partial void ServiceBusDeadLettered(ILogger logger, string messageId, string queue, string deadLetterQueue, string reason);
}
