using System.Text.Json.Nodes;
using BatchInference.Api.Files;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.State;

namespace BatchInference.Api.Batches;

/// <summary>What the API knows of one batch at one moment: its record, its job, and the job's results.</summary>
/// <param name="Record">The batch's record.</param>
/// <param name="Job">The job's state, or null (no job, or not readable yet).</param>
/// <param name="Summary">The job's summary once it ended.</param>
/// <param name="Progress">Checkpointed line results while it runs.</param>
/// <param name="OutputBytes">Size of the job's output file, when written.</param>
/// <param name="ErrorBytes">Size of the job's error file, when written.</param>
internal sealed record BatchView(
    BatchRecord Record, JobState? Job, JobSummary? Summary, ShardProgress? Progress, long? OutputBytes, long? ErrorBytes)
{
    /// <summary>OpenAI's batch object.</summary>
    public JsonObject ToJson()
    {
        var status = BatchStatuses.Of(Record, Job, Summary);
        var finished = Job?.FinishedAt?.ToUnixTimeSeconds();
        var metadata = new JsonObject();
        foreach (var (key, value) in Record.Metadata)
        {
            metadata[key] = value;
        }

        return new JsonObject
        {
            ["id"] = Record.BatchId,
            ["object"] = "batch",
            ["endpoint"] = Record.Endpoint,
            ["errors"] = Errors(),
            ["input_file_id"] = Record.InputFileId,
            ["completion_window"] = Record.CompletionWindow,
            ["status"] = status,
            // OpenAI writes no output (error) file when no line succeeded (failed).
            ["output_file_id"] = Record.JobId is { } j && OutputBytes > 0 ? ApiIds.OutputFileId(j) : null,
            ["error_file_id"] = Record.JobId is { } k && ErrorBytes > 0 ? ApiIds.ErrorFileId(k) : null,
            ["created_at"] = Record.CreatedAt,
            ["in_progress_at"] = Job?.StartedAt?.ToUnixTimeSeconds(),
            ["expires_at"] = Record.ExpiresAt,
            ["finalizing_at"] = null,
            ["completed_at"] = status is BatchStatuses.Completed ? finished : null,
            ["failed_at"] = status is BatchStatuses.Failed ? Record.FailedAt ?? finished : null,
            ["expired_at"] = status is BatchStatuses.Expired ? finished : null,
            ["cancelling_at"] = Record.CancellingAt,
            ["cancelled_at"] = status is BatchStatuses.Cancelled ? finished : null,
            ["request_counts"] = Counts(),
            ["usage"] = Usage(),
            ["metadata"] = metadata,
        };
    }

    private JsonObject? Errors() => Record.Errors.Count == 0 && Job?.Status != JobStatus.Failed
        ? null
        : new JsonObject
        {
            ["object"] = "list",
            ["data"] = Record.Errors.Count > 0
                ? new JsonArray([.. Record.Errors.Select(e => (JsonNode)new JsonObject { ["code"] = e.Code, ["message"] = e.Message, ["param"] = e.Param, ["line"] = e.Line })])
                : new JsonArray(new JsonObject { ["code"] = "job_failed", ["message"] = Job?.FailureReason ?? "The job failed.", ["param"] = null, ["line"] = null }),
        };

    private JsonObject Counts()
    {
        if (Summary is { } summary)
        {
            var c = summary.Counts;
            return new JsonObject { ["total"] = c.Total, ["completed"] = c.Succeeded, ["failed"] = c.Failed + c.Invalid };
        }

        var p = Progress ?? ShardProgress.Zero;
        return new JsonObject { ["total"] = Job?.Lines ?? 0, ["completed"] = p.Succeeded, ["failed"] = p.Failed + p.Invalid };
    }

    // OpenAI's usage of a batch: tokens over its answered lines (known once the job has ended).
    private JsonObject? Usage()
    {
        if (Summary is not { } summary)
        {
            return null;
        }

        var t = summary.Tokens;
        return new JsonObject
        {
            ["input_tokens"] = t.Input,
            ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = t.CachedInput },
            ["output_tokens"] = t.Output,
            ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = t.Reasoning },
            ["total_tokens"] = t.Input + t.Output,
        };
    }
}
