using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// A request to run a job, sent by any team to the Service Bus queue <c>batch-jobs</c> as UTF-8 JSON (schema:
/// <c>schemas/job-message.schema.json</c>). Read it with <see cref="JobMessageParser"/>, write it with
/// <see cref="JobMessageWriter"/>.
/// </summary>
/// <param name="MessageId">The sender's id for this request (visible ASCII, at most 128 characters). A message with an
/// id already seen is the same job (<see cref="JobMessageJobId"/>), so a retried send never starts a second one;
/// senders should also use it as the Service Bus <c>MessageId</c>.</param>
/// <param name="Input">The JSONL input blob.</param>
/// <param name="Settings">How the job runs: the fields of the sidecar <c>.job.json</c>.</param>
public sealed record JobMessage(string MessageId, JobMessageInput Input, JobSettings Settings)
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentSchemaVersion = JobMessageFields.CurrentSchemaVersion;

    /// <summary>The message's <c>schema_version</c>.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The id of the job this message starts: <see cref="JobMessageJobId.For"/> of <see cref="MessageId"/>.</summary>
    public string JobId => JobMessageJobId.For(MessageId);
}
