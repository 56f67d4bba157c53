using System.Text;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BatchInference.Emulator.Files;

/// <summary>
/// Streams a <c>multipart/form-data</c> upload (fields <c>purpose</c> and <c>file</c>; others such as
/// <c>expires_after[…]</c> are ignored), copying the file part only up to a size limit so an oversized upload is
/// refused without being held in memory.
/// </summary>
internal static class MultipartUploadReader
{
    private const int MaxFieldLength = 1024;

    /// <param name="request">The upload request.</param>
    /// <param name="limitFor">The largest file allowed for a purpose (null while the purpose is not known yet).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="OpenAIRequestException">The request is not a multipart form.</exception>
    public static async Task<FileUpload> ReadAsync(HttpRequest request, Func<string?, long> limitFor, CancellationToken cancellationToken = default)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new OpenAIRequestException("Invalid Content-Type header: expected multipart/form-data with a boundary.", "file", "invalid_value");
        }

        var reader = new MultipartReader(boundary, request.Body);
        string? purpose = null;
        string? filename = null;
        byte[]? content = null;
        while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "purpose")
            {
                purpose = await ReadFieldAsync(section.Body, cancellationToken).ConfigureAwait(false);
            }
            else if (name == "file")
            {
                filename = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "file";
                content = await ReadCappedAsync(section.Body, limitFor(purpose), cancellationToken).ConfigureAwait(false);
                if (content is null)
                {
                    return new FileUpload(purpose, filename, null, TooLarge: true);
                }
            }
        }

        return new FileUpload(purpose, filename, content, TooLarge: content is not null && content.LongLength > limitFor(purpose));
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var bytes = await ReadCappedAsync(body, MaxFieldLength, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenAIRequestException("A form field is too long.", "purpose", "invalid_value");
        return Encoding.UTF8.GetString(bytes).Trim();
    }

    // Null when the part holds more than `limit` bytes.
    private static async Task<byte[]?> ReadCappedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
