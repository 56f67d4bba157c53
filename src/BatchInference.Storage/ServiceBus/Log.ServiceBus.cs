using Microsoft.Extensions.Logging;

namespace BatchInference.Storage;

/// <summary>Service Bus queue logging (EventIds 1300-1399). Never logs keys, tokens, lock tokens or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug,
        Message = "Sent message {MessageId} to Service Bus queue {Queue} ({Bytes} bytes, visible at {VisibleAt:O})")]
    public static partial void ServiceBusMessageSent(ILogger logger, string messageId, string queue, int bytes, DateTimeOffset visibleAt);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Received {Count} message(s) from Service Bus queue {Queue}")]
    public static partial void ServiceBusMessagesReceived(ILogger logger, int count, string queue);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug,
        Message = "{Operation} of message {MessageId} in Service Bus queue {Queue}: lock lost")]
    public static partial void ServiceBusLockLost(ILogger logger, string operation, string messageId, string queue);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void ServiceBusRequestFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Debug,
        Message = "Abandoned message {MessageId} in Service Bus queue {Queue} with a delay: scheduled copy {CopyId} for {VisibleAt:O} and completed the original in one transaction")]
    public static partial void ServiceBusDelayedAbandon(ILogger logger, string messageId, string queue, string copyId, DateTimeOffset visibleAt);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning,
        Message = "Dead-lettered message {MessageId} of Service Bus queue {Queue}: {Reason}")]
    public static partial void ServiceBusDeadLettered(ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Created Service Bus queue {Queue}")]
    public static partial void ServiceBusQueueCreated(ILogger logger, string queue);
}
