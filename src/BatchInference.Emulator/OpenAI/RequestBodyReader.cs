using Microsoft.AspNetCore.Http;

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
}
