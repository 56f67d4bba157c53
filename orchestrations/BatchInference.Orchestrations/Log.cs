using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations;

/// <summary>Log messages of the job engine (EventIds 6000–6999). Never prompts, responses or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Job {JobId} submitted from {Source}")]
    public static partial void JobSubmitted(ILogger logger, string jobId, string source);

    [LoggerMessage(6001, LogLevel.Information, "Job {JobId} finished {Status}: {Succeeded} succeeded, {Failed} failed, {Invalid} invalid, {Cost} {Currency}")]
    public static partial void JobFinished(ILogger logger, string jobId, string status, long succeeded, long failed, long invalid, decimal cost, string currency);

    [LoggerMessage(6002, LogLevel.Information, "Job {JobId}: splitting {Source} ({Bytes} bytes), deadline {Deadline:o}")]
    public static partial void JobSplitting(ILogger logger, string jobId, string source, long bytes, DateTimeOffset deadline);

    [LoggerMessage(6003, LogLevel.Warning, "Job {JobId} cannot run: {Reason}")]
    public static partial void JobRejected(ILogger logger, string jobId, string reason);

    [LoggerMessage(6004, LogLevel.Warning, "Job {JobId} reached {Budget}; its remaining lines are not sent")]
    public static partial void BudgetReached(ILogger logger, string jobId, string budget);

    [LoggerMessage(6005, LogLevel.Information, "Job {JobId} published {Blob}")]
    public static partial void Published(ILogger logger, string jobId, string blob);

    [LoggerMessage(6006, LogLevel.Information, "Job {JobId}: split into {Shards} shards, {Lines} lines")]
    public static partial void JobSplit(ILogger logger, string jobId, long lines, int shards);

    [LoggerMessage(6007, LogLevel.Information, "Job {JobId} shard {Shard} is held by another worker; trying again later")]
    public static partial void ShardBusy(ILogger logger, string jobId, int shard);

    [LoggerMessage(6008, LogLevel.Information, "Job {JobId} shard {Shard}: run {Run}, {Done} of {Lines} lines already checkpointed")]
    public static partial void ShardStarted(ILogger logger, string jobId, int shard, int run, int done, long lines);

    [LoggerMessage(6009, LogLevel.Information, "Job {JobId} shard {Shard}: checkpointed {Lines} lines in this run (stopped early: {Stopped})")]
    public static partial void ShardFinished(ILogger logger, string jobId, int shard, long lines, bool stopped);

    [LoggerMessage(6010, LogLevel.Warning, "Job {JobId} shard {Shard}: line sequence {Sequence} has two results; the first is published, both charges are kept")]
    public static partial void DuplicateResult(ILogger logger, string jobId, int shard, long sequence);

    [LoggerMessage(6013, LogLevel.Information, "Job {JobId}: cancel requested")]
    public static partial void JobCancelRequested(ILogger logger, string jobId);

    [LoggerMessage(6014, LogLevel.Warning, "Lease on {Container}/{BlobName} was lost: {Reason}; stopping the work it guards")]
    public static partial void LeaseLost(ILogger logger, string container, string blobName, string reason);

    [LoggerMessage(6015, LogLevel.Warning, "Job {JobId} shard {Shard}: writing a checkpoint failed ({Reason}); trying again")]
    public static partial void CheckpointFailed(ILogger logger, string jobId, int shard, string reason);

    [LoggerMessage(6012, LogLevel.Warning, "Job {JobId} was cancelled before its split, and its input cannot be read ({Reason}): no job_cancelled records are published for its lines")]
    public static partial void CancelledInputUnreadable(ILogger logger, string jobId, string reason);

    [LoggerMessage(6016, LogLevel.Warning, "Job {JobId} shard {Shard}: its input copy cannot be read ({Reason}); naming its unanswered lines from the job's input")]
    public static partial void ShardInputUnreadable(ILogger logger, string jobId, int shard, string reason);

    [LoggerMessage(6018, LogLevel.Warning, "Job {JobId} shard {Shard}: giving back unspent budget failed ({Reason}); the account keeps it reserved")]
    public static partial void BudgetReleaseFailed(ILogger logger, string jobId, int shard, string reason);

    [LoggerMessage(6019, LogLevel.Information, "Spend report {Date:yyyy-MM-dd}: compacted {Jobs} jobs into one file of {Rows} rows")]
    public static partial void SpendCompacted(ILogger logger, DateOnly date, int jobs, long rows);

    [LoggerMessage(6020, LogLevel.Information, "Reconciled {Date:yyyy-MM-dd} with {Provider}: {Rows} rows, {Flagged} flagged")]
    public static partial void Reconciled(ILogger logger, DateOnly date, string provider, int rows, int flagged);

    [LoggerMessage(6050, LogLevel.Information, "Job {JobId} shard {Shard}: {Provider} batch {BatchId} created with {Lines} lines")]
    public static partial void BatchCreated(ILogger logger, string jobId, int shard, string provider, string batchId, int lines);

    [LoggerMessage(6051, LogLevel.Warning, "Job {JobId} shard {Shard}: adopted batch {BatchId} (attempt {Attempt}) created before a crash instead of creating a second one")]
    public static partial void BatchAdopted(ILogger logger, string jobId, int shard, string batchId, int attempt);

    [LoggerMessage(6052, LogLevel.Warning, "Job {JobId} shard {Shard}: {Change}")]
    public static partial void ShardTierChanged(ILogger logger, string jobId, int shard, string change);

    [LoggerMessage(6053, LogLevel.Debug, "Job {JobId} shard {Shard}: batch {BatchId} is {Status} ({Done}/{Total}); next poll in {Delay}")]
    public static partial void BatchPolled(ILogger logger, string jobId, int shard, string batchId, string status, int done, int total, TimeSpan delay);

    [LoggerMessage(6054, LogLevel.Warning, "Job {JobId} shard {Shard}: cancelling batch {BatchId}: {Reason}")]
    public static partial void BatchCancelling(ILogger logger, string jobId, int shard, string batchId, string reason);

    [LoggerMessage(6055, LogLevel.Information, "Job {JobId} shard {Shard}: batch {BatchId} ended {Status}; collected {Answered} answers and {Failed} errors, {Left} lines left for real time")]
    public static partial void BatchCollected(ILogger logger, string jobId, int shard, string batchId, string status, int answered, int failed, int left);

    [LoggerMessage(6056, LogLevel.Information, "Job {JobId}: planned {Shards} shards by {Deadline:u}: estimated {Cost} USD vs {RealtimeCost} USD all real time ({Tiers})")]
    public static partial void JobPlanned(ILogger logger, string jobId, int shards, DateTimeOffset deadline, decimal cost, decimal realtimeCost, string tiers);

    [LoggerMessage(6057, LogLevel.Warning, "Job {JobId} shard {Shard}: a slice failed after it checkpointed ({Error}); the next slice resumes from there")]
    public static partial void SliceFailedAfterProgress(ILogger logger, string jobId, int shard, string error);

    [LoggerMessage(6090, LogLevel.Information, "Job {JobId} has no settings yet: waiting for {Sidecar} until {Until:o}")]
    public static partial void WaitingForSidecar(ILogger logger, string jobId, string sidecar, DateTimeOffset until);

    [LoggerMessage(6091, LogLevel.Warning, "Job {JobId}: its sidecar {Sidecar} arrived after the job had read its settings; the job is stopped")]
    public static partial void SidecarTooLate(ILogger logger, string jobId, string sidecar);

    [LoggerMessage(6100, LogLevel.Information, "Job {JobId}: {Event} webhook to {Endpoint}, attempt {Attempt}: {Outcome} {StatusCode} {Error}")]
    public static partial void WebhookAttempt(ILogger logger, string jobId, string @event, string endpoint, int attempt, string outcome, int? statusCode, string? error);

    [LoggerMessage(6101, LogLevel.Warning, "Job {JobId}: {Event} webhook to {Endpoint} not delivered after {Attempts} attempts: {Error}")]
    public static partial void WebhookGaveUp(ILogger logger, string jobId, string @event, string endpoint, int attempts, string? error);

    [LoggerMessage(6102, LogLevel.Information, "Job {JobId}: {Count} webhook deliveries started")]
    public static partial void WebhooksStarted(ILogger logger, string jobId, int count);

    [LoggerMessage(6150, LogLevel.Information, "Job {JobId} shard {Shard}: {Hits} of {Cacheable} cacheable lines answered from the result cache")]
    public static partial void ResultCacheLookedUp(ILogger logger, string jobId, int shard, int cacheable, int hits);

    [LoggerMessage(6151, LogLevel.Information, "Job {JobId}: {Stored} answers stored in the result cache")]
    public static partial void ResultCacheStored(ILogger logger, string jobId, long stored);

    [LoggerMessage(6152, LogLevel.Warning, "Job {JobId}: storing answers in the result cache failed; the job's results are unaffected: {Error}")]
    public static partial void ResultCacheStoreFailed(ILogger logger, string jobId, string error);

    [LoggerMessage(6120, LogLevel.Information, "Job {JobId} shard {Shard}: recorded a run of {Seconds:0.#} s (censored: {Censored}) in {Blob}")]
    public static partial void CompletionRecorded(ILogger logger, string jobId, int shard, string blob, double seconds, bool censored);

    [LoggerMessage(6121, LogLevel.Warning, "Job {JobId} shard {Shard}: its run could not be recorded in the completion history: {Error}")]
    public static partial void CompletionRecordFailed(ILogger logger, string jobId, int shard, string error);

    [LoggerMessage(6128, LogLevel.Information, "Job {JobId}: recorded a throughput of {Lines} lines in {Seconds:0.#} busy s in {Blob}")]
    public static partial void ThroughputRecorded(ILogger logger, string jobId, long lines, double seconds, string blob);

    [LoggerMessage(6129, LogLevel.Warning, "Job {JobId}: its throughput could not be recorded in {Blob}; the job is unaffected: {Error}")]
    public static partial void ThroughputRecordFailed(ILogger logger, string jobId, string blob, string error);
}
