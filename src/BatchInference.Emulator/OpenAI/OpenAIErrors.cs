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
        JsonResponses.WriteAsync(
            response,
            statusCode,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("error");
                writer.WriteString("message", message);
                writer.WriteString("type", type);
                writer.WriteString("param", param);
                writer.WriteString("code", code);
                writer.WriteEndObject();
                writer.WriteEndObject();
            },
            cancellationToken);

    public static Task WriteInvalidRequestAsync(
        HttpResponse response, OpenAIRequestException exception, CancellationToken cancellationToken = default) =>
        WriteAsync(
            response, StatusCodes.Status400BadRequest, exception.Message, InvalidRequestType, exception.Param, exception.Code,
            cancellationToken);
}
