using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator;

/// <summary>The emulator's log messages (EventIds 5000-5999; files, batches and flex 8600-8699). Prompts and answers are never logged; keys never.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Provider emulator listening on {BaseAddress}")]
    public static partial void Started(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Provider emulator on {BaseAddress} stopped")]
    public static partial void Stopped(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Emulator options changed at runtime")]
    public static partial void Reconfigured(ILogger logger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Emulator state reset (request log, rate-limit buckets, prompt cache, generators)")]
    public static partial void StateReset(ILogger logger);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Debug, Message = "{RequestId} {Method} {Path} -> {StatusCode} (model {Model}, billable {Billable})")]
    public static partial void RequestCompleted(
        ILogger logger, string requestId, string method, string path, int statusCode, string? model, bool billable);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "{RequestId} rejected as invalid: {Reason}")]
    public static partial void InvalidRequest(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Debug, Message = "{RequestId} rejected: missing or wrong API key")]
    public static partial void Unauthorized(ILogger logger, string requestId);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Debug, Message = "{RequestId} rate limited on {Limit}; retry after {RetryAfter}")]
    public static partial void RateLimited(ILogger logger, string requestId, string limit, TimeSpan? retryAfter);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Debug, Message = "{RequestId} answered with injected fault {StatusCode}")]
    public static partial void FaultInjected(ILogger logger, string requestId, int statusCode);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Trace, Message = "{RequestId} request body: {Body}")]
    public static partial void RequestBody(ILogger logger, string requestId, string body);

    [LoggerMessage(EventId = 8600, Level = LogLevel.Debug, Message = "File {FileId} stored ({Purpose}, {Bytes} bytes)")]
    public static partial void FileStored(ILogger logger, string fileId, string purpose, long bytes);

    [LoggerMessage(EventId = 8601, Level = LogLevel.Debug, Message = "File {FileId} deleted")]
    public static partial void FileDeleted(ILogger logger, string fileId);

    [LoggerMessage(EventId = 8610, Level = LogLevel.Information, Message = "{Provider} batch {BatchId} created with {Requests} requests")]
    public static partial void BatchCreated(ILogger logger, string provider, string batchId, int requests);

    [LoggerMessage(EventId = 8611, Level = LogLevel.Debug, Message = "Batch {BatchId}: {From} -> {To}")]
    public static partial void BatchPhaseChanged(ILogger logger, string batchId, string from, string to);

    [LoggerMessage(EventId = 8612, Level = LogLevel.Information, Message = "Batch {BatchId} ended {Phase}: {Succeeded} answered, {Failed} failed, {NeverRan} never ran")]
    public static partial void BatchEnded(ILogger logger, string batchId, string phase, int succeeded, int failed, int neverRan);

    [LoggerMessage(EventId = 8613, Level = LogLevel.Information, Message = "Batch {BatchId}: cancel requested")]
    public static partial void BatchCancelRequested(ILogger logger, string batchId);

    [LoggerMessage(EventId = 8620, Level = LogLevel.Debug, Message = "{RequestId} flex call for {Model} answered 429 Resource Unavailable")]
    public static partial void FlexUnavailable(ILogger logger, string requestId, string model);

    [LoggerMessage(EventId = 8690, Level = LogLevel.Error, Message = "Batch processing step failed; the next step retries")]
    public static partial void BatchStepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5900, Level = LogLevel.Error, Message = "{RequestId} {Method} {Path} failed inside the emulator")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string requestId, string method, string path);
}
