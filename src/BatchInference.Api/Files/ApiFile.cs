using System.Text.Json.Nodes;

namespace BatchInference.Api.Files;

/// <summary>A file as the API shows it, and the blob it is.</summary>
/// <param name="Id">The file id.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="CreatedAt">When it was uploaded or written.</param>
/// <param name="Filename">Its name as uploaded (or <c>&lt;batch&gt;_output.jsonl</c>).</param>
/// <param name="Purpose"><c>batch</c>, <c>batch_output</c>.</param>
/// <param name="Container">The blob's container.</param>
/// <param name="Blob">The blob.</param>
internal sealed record ApiFile(string Id, long Bytes, DateTimeOffset CreatedAt, string Filename, string Purpose, string Container, string Blob)
{
    /// <summary>OpenAI's file object.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "file",
        ["bytes"] = Bytes,
        ["created_at"] = CreatedAt.ToUnixTimeSeconds(),
        ["expires_at"] = null,
        ["filename"] = Filename,
        ["purpose"] = Purpose,
        ["status"] = "processed",
        ["status_details"] = null,
    };
}
