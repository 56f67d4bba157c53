using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI;

/// <summary>Reads the whole body: the raw bytes are both parsed and hashed for the deterministic answer.</summary>
internal static class RequestBodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream(request.ContentLength is long length and <= int.MaxValue ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Reads a model call's body and logs it, at Trace only: prompts are never logged above it.</summary>
    public static async Task<byte[]> ReadPromptAsync(HttpRequest request, string requestId, ILogger logger, CancellationToken cancellationToken = default)
    {
        var body = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            Log.RequestBody(logger, requestId, Encoding.UTF8.GetString(body));
        }

        return body;
    }
}
