using System.Text.Json;
using BatchInference.Emulator.OpenAI;

namespace BatchInference.Emulator.Files;

/// <summary>
/// OpenAI's <c>file</c> object (openai-openapi <c>OpenAIFile</c>: id, object, bytes, created_at, expires_at, filename,
/// purpose, and the deprecated but still required status / status_details).
/// </summary>
internal static class FileObjectWriter
{
    public static void Write(Utf8JsonWriter writer, StoredFile file)
    {
        writer.WriteStartObject();
        writer.WriteString("id", file.Id);
        writer.WriteString("object", "file");
        writer.WriteNumber("bytes", file.Content.LongLength);
        writer.WriteNumber("created_at", file.CreatedAt.ToUnixTimeSeconds());
        writer.WriteNull("expires_at");
        writer.WriteString("filename", file.Filename);
        writer.WriteString("purpose", file.Purpose);
        writer.WriteString("status", "processed");
        writer.WriteNull("status_details");
        writer.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<StoredFile> files, bool hasMore) =>
        OpenAIListWriter.Write(writer, files, hasMore, file => file.Id, Write);

    public static void WriteDeleted(Utf8JsonWriter writer, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "file");
        writer.WriteBoolean("deleted", true);
        writer.WriteEndObject();
    }
}
