using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI;

/// <summary>OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAIErrors
{
    public const string InvalidRequestType = "invalid_request_error";
    public const string ServerError = "The server had an error while processing your request. Sorry about that!";

    public static Task WriteAsync(
        HttpResponse response,
        int statusCode,
        string message,
        string type,
        string? param,
        string? code,
        CancellationToken cancellationToken = default) =>
        JsonResponses.WriteBytesAsync(response, statusCode, Serialize(message, type, param, code), cancellationToken);

    public static Task WriteInvalidRequestAsync(
        HttpResponse response, OpenAIRequestException exception, CancellationToken cancellationToken = default) =>
        WriteAsync(
            response, StatusCodes.Status400BadRequest, exception.Message, InvalidRequestType, exception.Param, exception.Code,
            cancellationToken);

    /// <summary>The error body as bytes: what a batch error file embeds as a failed line's response body.</summary>
    public static byte[] Serialize(string message, string type, string? param, string? code) =>
        JsonResponses.Serialize(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteString("param", param);
            writer.WriteString("code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>404 for an unknown object id, e.g. <c>No such File object: file-abc</c>.</summary>
    public static Task WriteNotFoundAsync(HttpResponse response, string message, string param, CancellationToken cancellationToken = default) =>
        WriteAsync(response, StatusCodes.Status404NotFound, message, InvalidRequestType, param, code: null, cancellationToken);
}
