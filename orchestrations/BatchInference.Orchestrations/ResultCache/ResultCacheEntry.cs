using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace BatchInference.Orchestrations.ResultCache;

/// <summary>
/// One cached answer, stored as <c>work/cache/results/&lt;scope hash&gt;/&lt;key&gt;.json</c>. It holds the response and
/// where it came from, never the request (a prompt or a secret in it is not kept) and never a credential.
/// </summary>
/// <param name="Key">The entry's key (<see cref="ResultCacheKey.Of"/>), checked on read against the blob's name.</param>
/// <param name="Scope">The scope it was stored in, checked on read: a hit never crosses scopes.</param>
/// <param name="Url">The request's url.</param>
/// <param name="Model">The request's model.</param>
/// <param name="Provider">The provider that answered (its real-time price is what a hit avoids).</param>
/// <param name="SourceJob">The job whose call produced the answer.</param>
/// <param name="CachedAt">When it was stored; a reader accepts it while younger than its job's TTL.</param>
/// <param name="StatusCode">The provider's HTTP status (a 2xx).</param>
/// <param name="RequestId">The provider's request id of the original call.</param>
/// <param name="Body">The response body, one JSON object.</param>
internal sealed record ResultCacheEntry(
    string Key, string Scope, string Url, string Model, string Provider, string SourceJob, DateTimeOffset CachedAt,
    int StatusCode, string? RequestId, ReadOnlyMemory<byte> Body)
{
    private const int SchemaVersion = 1;

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(Body.Length + 512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schema_version", SchemaVersion);
            json.WriteString("key", Key);
            json.WriteString("scope", Scope);
            json.WriteString("url", Url);
            json.WriteString("model", Model);
            json.WriteString("provider", Provider);
            json.WriteString("source_job", SourceJob);
            json.WriteString("cached_at", CachedAt.ToUniversalTime());
            json.WriteNumber("status_code", StatusCode);
            json.WriteString("request_id", RequestId);
            json.WritePropertyName("body");
            json.WriteRawValue(Body.Span, skipInputValidation: false);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The entry in <paramref name="json"/>; null when it is not one this version reads (a damaged entry is a miss).</summary>
    public static ResultCacheEntry? Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.GetProperty("schema_version").GetInt32() != SchemaVersion)
            {
                return null;
            }

            return new ResultCacheEntry(
                root.GetProperty("key").GetString()!,
                root.GetProperty("scope").GetString()!,
                root.GetProperty("url").GetString()!,
                root.GetProperty("model").GetString()!,
                root.GetProperty("provider").GetString()!,
                root.GetProperty("source_job").GetString()!,
                root.GetProperty("cached_at").GetDateTimeOffset(),
                root.GetProperty("status_code").GetInt32(),
                root.GetProperty("request_id").GetString(),
                JsonMarshal.GetRawUtf8Value(root.GetProperty("body")).ToArray());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
