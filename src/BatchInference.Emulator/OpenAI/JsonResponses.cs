using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI;

/// <summary>Writes a JSON body built with <see cref="Utf8JsonWriter"/>, with an exact Content-Length.</summary>
internal static class JsonResponses
{
    public static Task WriteAsync(
        HttpResponse response, int statusCode, Action<Utf8JsonWriter> write, CancellationToken cancellationToken = default) =>
        WriteBytesAsync(response, statusCode, Serialize(write), cancellationToken);

    /// <summary>Writes an already serialized JSON body (a model answer, a batch object).</summary>
    public static async Task WriteBytesAsync(
        HttpResponse response, int statusCode, ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The UTF-8 JSON <paramref name="write"/> produces.</summary>
    public static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
