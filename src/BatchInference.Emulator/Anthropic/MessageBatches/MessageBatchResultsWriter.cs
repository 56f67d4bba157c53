using System.Buffers;
using System.Text.Json;
using BatchInference.Emulator.Batches;

namespace BatchInference.Emulator.Anthropic.MessageBatches;

/// <summary>
/// The results file of an ended Message Batch (https://docs.claude.com/en/api/retrieving-message-batch-results): one
/// JSON line per request, <c>{"custom_id","result":{"type":"succeeded","message":{…}}}</c>, <c>errored</c> with the
/// error response, or <c>canceled</c> / <c>expired</c> for requests that never ran.
/// </summary>
internal static class MessageBatchResultsWriter
{
    public static byte[] Write(BatchSnapshot batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var result in batch.Results)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", result.Request.CustomId);
                writer.WriteStartObject("result");
                switch (result.Outcome)
                {
                    case BatchLineOutcome.Succeeded:
                        writer.WriteString("type", "succeeded");
                        writer.WritePropertyName("message");
                        writer.WriteRawValue(result.Answer!.Body, skipInputValidation: true);
                        break;
                    case BatchLineOutcome.Failed:
                        writer.WriteString("type", "errored");
                        writer.WritePropertyName("error");
                        writer.WriteRawValue(result.Answer!.Body, skipInputValidation: true);
                        break;
                    case BatchLineOutcome.Cancelled:
                        writer.WriteString("type", "canceled");
                        break;
                    default:
                        writer.WriteString("type", "expired");
                        break;
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
