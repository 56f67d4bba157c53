using Microsoft.Extensions.Logging;

namespace BatchInference.Functions;

/// <summary>The function app's log messages (EventId 9000–9099). Ids, paths and counts only: never bodies or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Custom handler listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Function {Function} rejected a malformed payload: {Reason}")]
    public static partial void PayloadRejected(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Function {Function} failed")]
    public static partial void FunctionFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Submitted {Source} as job {JobId}")]
    public static partial void JobSubmitted(ILogger logger, string jobId, string source);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "Ignored blob {Blob}: {Why}")]
    public static partial void BlobIgnored(ILogger logger, string blob, string why);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Information, Message = "Ignored event {EventId} of type {EventType}")]
    public static partial void EventIgnored(ILogger logger, string? eventId, string eventType);

    [LoggerMessage(EventId = 9020, Level = LogLevel.Debug, Message = "Work message {MessageId} done (delivery {DequeueCount})")]
    public static partial void WorkDone(ILogger logger, string messageId, int dequeueCount);

    [LoggerMessage(EventId = 9021, Level = LogLevel.Debug, Message = "Work message {MessageId} runs again in {Delay} as {NewMessageId}")]
    public static partial void WorkRescheduled(ILogger logger, string messageId, string newMessageId, TimeSpan delay);

    [LoggerMessage(EventId = 9022, Level = LogLevel.Warning, Message = "Poison work message {MessageId}: its job is recorded as failed")]
    public static partial void PoisonHandled(ILogger logger, string messageId);

    [LoggerMessage(EventId = 9030, Level = LogLevel.Information, Message = "Nightly run submitted {Count} job(s); past due: {PastDue}")]
    public static partial void NightlyRan(ILogger logger, int count, bool pastDue);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Checking storage at {Endpoint}; functions answer 503 until it is ready")]
    public static partial void StorageChecking(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning,
        Message = "Storage at {Endpoint} is not reachable ({Reason}); attempt {Attempt} failed, trying again in {Delay}. Functions answer 503 meanwhile")]
    public static partial void StorageUnreachable(ILogger logger, string endpoint, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Storage at {Endpoint} is ready (after {FailedAttempts} failed attempt(s))")]
    public static partial void StorageReady(ILogger logger, string endpoint, int failedAttempts);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Warning, Message = "Function {Function} answered 503: {Reason}")]
    public static partial void NotReady(ILogger logger, string function, string reason);
}

