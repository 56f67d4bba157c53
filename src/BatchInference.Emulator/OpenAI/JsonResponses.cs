using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI;

/// <summary>Writes a JSON body built with <see cref="Utf8JsonWriter"/>, with an exact Content-Length.</summary>
internal static class JsonResponses
{
    public static async Task WriteAsync(
        HttpResponse response, int statusCode, Action<Utf8JsonWriter> write, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
