using System.Text.Json;
using BatchInference.Emulator.OpenAI;

namespace BatchInference.Emulator.Batches.OpenAIBatches;

/// <summary>
/// OpenAI's <c>batch</c> object (openai-openapi <c>Batch</c>): status, <c>errors</c> (a list of <c>BatchError</c>),
/// the file ids (null until the batch ends, and when the file would be empty), every <c>*_at</c> timestamp in Unix
/// seconds (null until reached), <c>request_counts {total, completed, failed}</c>, <c>usage</c> and <c>metadata</c>.
/// Counts are 0 while validating, as in OpenAI's example; lines that never ran count as failed once the batch ends
/// (they are in the error file).
/// </summary>
internal static class OpenAIBatchWriter
{
    public static void Write(Utf8JsonWriter writer, BatchSnapshot batch)
    {
        var times = batch.Times;
        writer.WriteStartObject();
        writer.WriteString("id", batch.Id);
        writer.WriteString("object", "batch");
        writer.WriteString("endpoint", batch.Descriptor.Endpoint);
        if (batch.Phase != BatchPhase.Validating && batch.Model is not null)
        {
            writer.WriteString("model", batch.Model);
        }

        WriteErrors(writer, batch);
        writer.WriteString("input_file_id", batch.Descriptor.InputFileId);
        writer.WriteString("completion_window", batch.Descriptor.CompletionWindow);
        writer.WriteString("status", Status(batch.Phase));
        writer.WriteString("output_file_id", batch.OutputFileId);
        writer.WriteString("error_file_id", batch.ErrorFileId);
        writer.WriteNumber("created_at", times.CreatedAt.ToUnixTimeSeconds());
        WriteTime(writer, "in_progress_at", times.InProgressAt);
        writer.WriteNumber("expires_at", times.ExpiresAt.ToUnixTimeSeconds());
        WriteTime(writer, "finalizing_at", times.FinalizingAt);
        WriteTime(writer, "completed_at", times.CompletedAt);
        WriteTime(writer, "failed_at", times.FailedAt);
        WriteTime(writer, "expired_at", times.ExpiredAt);
        WriteTime(writer, "cancelling_at", times.CancellingAt);
        WriteTime(writer, "cancelled_at", times.CancelledAt);
        WriteCounts(writer, batch);
        WriteUsage(writer, batch);
        if (batch.Descriptor.Metadata.Count == 0)
        {
            writer.WriteNull("metadata");
        }
        else
        {
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in batch.Descriptor.Metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<BatchSnapshot> page, bool hasMore) =>
        OpenAIListWriter.Write(writer, page, hasMore, batch => batch.Id, Write);

    public static string Status(BatchPhase phase) => phase switch
    {
        BatchPhase.Validating => "validating",
        BatchPhase.Failed => "failed",
        BatchPhase.InProgress => "in_progress",
        BatchPhase.Finalizing => "finalizing",
        BatchPhase.Completed => "completed",
        BatchPhase.Expired => "expired",
        BatchPhase.Cancelling => "cancelling",
        _ => "cancelled",
    };

    private static void WriteErrors(Utf8JsonWriter writer, BatchSnapshot batch)
    {
        if (batch.Phase != BatchPhase.Failed)
        {
            writer.WriteNull("errors");
            return;
        }

        writer.WriteStartObject("errors");
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var error in batch.ValidationErrors)
        {
            writer.WriteStartObject();
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteString("param", error.Param);
            if (error.Line is int line)
            {
                writer.WriteNumber("line", line);
            }
            else
            {
                writer.WriteNull("line");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, BatchSnapshot batch)
    {
        var counted = batch.Phase is not (BatchPhase.Validating or BatchPhase.Failed);
        var neverRan = batch.Count(BatchLineOutcome.Expired) + batch.Count(BatchLineOutcome.Cancelled);
        writer.WriteStartObject("request_counts");
        writer.WriteNumber("total", counted ? batch.Total : 0);
        writer.WriteNumber("completed", batch.Count(BatchLineOutcome.Succeeded));
        writer.WriteNumber("failed", batch.Count(BatchLineOutcome.Failed) + neverRan);
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, BatchSnapshot batch)
    {
        long input = 0, cached = 0, output = 0;
        foreach (var result in batch.Results)
        {
            if (result is { Outcome: BatchLineOutcome.Succeeded, Answer: { } answer })
            {
                input += answer.PromptTokens;
                cached += answer.CachedTokens;
                output += answer.CompletionTokens;
            }
        }

        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", input);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", cached);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", output);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", 0);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", input + output);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteNumber(name, value.ToUnixTimeSeconds());
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
