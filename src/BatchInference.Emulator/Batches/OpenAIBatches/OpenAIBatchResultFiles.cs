using System.Buffers;
using System.Text.Json;
using BatchInference.Emulator.Files;

namespace BatchInference.Emulator.Batches.OpenAIBatches;

/// <summary>
/// Writes an ended batch's output and error files (purpose <c>batch_output</c>) in OpenAI's request-output shape
/// <c>{"id","custom_id","response":{"status_code","request_id","body"},"error"}</c>. The output file holds the 2xx
/// answers; the error file the failed answers (with their response) and the lines that never ran (response null,
/// <c>error {code, message}</c>). An expired line reads as the OpenAI Batch guide shows ("Batch expiration"):
/// <c>batch_expired</c>, "This request could not be executed before the completion window expired."; a cancelled one
/// uses <c>batch_cancelled</c> and the emulator's own sentence (OpenAI does not document that line).
/// </summary>
internal static class OpenAIBatchResultFiles
{
    public const string ExpiredCode = "batch_expired";
    public const string ExpiredMessage = "This request could not be executed before the completion window expired.";
    public const string CancelledCode = "batch_cancelled";
    public const string CancelledMessage = "This request was not executed because the batch was cancelled.";

    public static BatchOutputFiles Write(FileStore files, BatchSnapshot batch)
    {
        var output = new ArrayBufferWriter<byte>();
        var errors = new ArrayBufferWriter<byte>();
        foreach (var result in batch.Results)
        {
            WriteLine(result.Outcome == BatchLineOutcome.Succeeded ? output : errors, result);
        }

        return new BatchOutputFiles(Store(files, batch.Id, "output", output), Store(files, batch.Id, "error", errors));
    }

    private static string? Store(FileStore files, string batchId, string kind, ArrayBufferWriter<byte> content) =>
        content.WrittenCount == 0
            ? null
            : files.Add($"batch_{batchId}_{kind}.jsonl", StoredFile.BatchOutputPurpose, content.WrittenSpan.ToArray()).Id;

    private static void WriteLine(ArrayBufferWriter<byte> into, BatchLineResult result)
    {
        using (var writer = new Utf8JsonWriter(into))
        {
            writer.WriteStartObject();
            writer.WriteString("id", result.ResultId);
            writer.WriteString("custom_id", result.Request.CustomId);
            if (result.Answer is { } answer)
            {
                writer.WriteStartObject("response");
                writer.WriteNumber("status_code", answer.StatusCode);
                writer.WriteString("request_id", result.RequestId);
                writer.WritePropertyName("body");
                writer.WriteRawValue(answer.Body, skipInputValidation: true);
                writer.WriteEndObject();
                writer.WriteNull("error");
            }
            else
            {
                var expired = result.Outcome == BatchLineOutcome.Expired;
                writer.WriteNull("response");
                writer.WriteStartObject("error");
                writer.WriteString("code", expired ? ExpiredCode : CancelledCode);
                writer.WriteString("message", expired ? ExpiredMessage : CancelledMessage);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        into.Write("\n"u8);
    }
}
