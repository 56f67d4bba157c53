using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.Messages;

/// <summary>
/// A unit of engine work on the queue. Every message names its job, and every handler is idempotent: a message may be
/// delivered twice, late, or after the work it asks for is done.
/// </summary>
/// <param name="JobId">The job the message is about.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StartJob), "start_job")]
[JsonDerivedType(typeof(RunShard), "run_shard")]
[JsonDerivedType(typeof(FinishJob), "finish_job")]
[JsonDerivedType(typeof(CheckJob), "check_job")]
[JsonDerivedType(typeof(CheckBatch), "check_batch")]
public abstract record EngineMessage(string JobId);

/// <summary>Split the job's input into shards and hand them out.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Container">Container of the input blob.</param>
/// <param name="Blob">Input blob name.</param>
/// <param name="ETag">The version of the input that was submitted; null when it did not exist.</param>
public sealed record StartJob(string JobId, string Container, string Blob, string? ETag) : EngineMessage(JobId);

/// <summary>Run (or resume) one shard of a job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">Shard number.</param>
public sealed record RunShard(string JobId, int Shard) : EngineMessage(JobId);

/// <summary>Merge the shards' results and publish the job's files.</summary>
/// <param name="JobId">The job.</param>
public sealed record FinishJob(string JobId) : EngineMessage(JobId);

/// <summary>
/// A durable timer that looks after a running job: re-sends work that was lost (a shard nobody is running, a finish
/// that was never enqueued) and schedules itself again until the job is over.
/// </summary>
/// <param name="JobId">The job.</param>
public sealed record CheckJob(string JobId) : EngineMessage(JobId);

/// <summary>
/// A durable timer on a shard running as a provider batch: poll the batch, cancel it at the shard's last safe moment,
/// collect its results once it ends and finish what it did not answer in real time.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">The shard.</param>
public sealed record CheckBatch(string JobId, int Shard) : EngineMessage(JobId);
