using System.Buffers;
using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>The body of OpenAI's <c>POST /v1/batches</c>: the uploaded file, the endpoint, the window and our key as metadata.</summary>
internal static class OpenAIBatchCreateBody
{
    public const string CompletionWindow = "24h";

    /// <param name="fileId">The uploaded input file.</param>
    /// <param name="url">The lines' URL, e.g. <c>/v1/chat/completions</c>.</param>
    /// <param name="azure">
    /// True for Azure OpenAI, whose batch create takes the endpoint without the version segment (<c>/chat/completions</c>).
    /// </param>
    /// <param name="key">Stored as the batch's metadata.</param>
    public static BinaryData Write(string fileId, string url, bool azure, BatchKey key)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("input_file_id", fileId);
            writer.WriteString("endpoint", azure && url.StartsWith("/v1/", StringComparison.Ordinal) ? url[3..] : url);
            writer.WriteString("completion_window", CompletionWindow);
            writer.WriteStartObject("metadata");
            foreach (var (name, value) in key.ToMetadata())
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }
}
