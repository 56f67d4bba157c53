using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp;

/// <summary>The function app's log messages (EventIds 9600–9699). Never a key, a prompt or a message body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9600, Level = LogLevel.Information, Message = "Submitted {Input} as job {JobId} ({Trigger})")]
    public static partial void JobSubmitted(ILogger logger, string input, string jobId, string trigger);

    [LoggerMessage(EventId = 9601, Level = LogLevel.Information, Message = "Ignored blob {Input}: {Why}")]
    public static partial void BlobIgnored(ILogger logger, string input, string why);

    [LoggerMessage(EventId = 9602, Level = LogLevel.Warning, Message = "Settings sidecar {Sidecar} came after job {JobId} read its settings: the job is stopped ({Reason})")]
    public static partial void SidecarTooLate(ILogger logger, string sidecar, string jobId, string? reason);

    [LoggerMessage(EventId = 9603, Level = LogLevel.Information, Message = "Nightly run: {Count} job(s) submitted (past due: {PastDue})")]
    public static partial void NightlyRan(ILogger logger, int count, bool pastDue);

    [LoggerMessage(EventId = 9611, Level = LogLevel.Error, Message = "Job message {QueueMessageId} (delivery {Delivery}) cannot start a job and went to the poison queue {PoisonQueue} as sent: {Reason}: {Description}")]
    public static partial void QueueMessagePoisoned(ILogger logger, string queueMessageId, long delivery, string poisonQueue, string reason, string description);

    [LoggerMessage(EventId = 9620, Level = LogLevel.Information, Message = "Service Bus intake listening on {Namespace}/{Queue} ({MaxConcurrentCalls} at a time, locks renewed for up to {LockRenewal})")]
    public static partial void ProcessorStarted(ILogger logger, string @namespace, string queue, int maxConcurrentCalls, TimeSpan lockRenewal);

    [LoggerMessage(EventId = 9621, Level = LogLevel.Information, Message = "Service Bus intake is off: {Why}")]
    public static partial void ProcessorOff(ILogger logger, string why);

    [LoggerMessage(EventId = 9622, Level = LogLevel.Warning, Message = "Service Bus message {MessageId} dead-lettered: {Reason}: {Description}")]
    public static partial void MessageDeadLettered(ILogger logger, string messageId, string reason, string description);

    [LoggerMessage(EventId = 9623, Level = LogLevel.Warning, Message = "Service Bus message {MessageId} abandoned on delivery {Delivery}; it comes back until the queue's MaxDeliveryCount")]
    public static partial void MessageAbandoned(ILogger logger, Exception exception, string messageId, int delivery);

    [LoggerMessage(EventId = 9624, Level = LogLevel.Warning, Message = "Service Bus intake error ({Source}) on {EntityPath}")]
    public static partial void ProcessorError(ILogger logger, Exception exception, string source, string entityPath);
}
