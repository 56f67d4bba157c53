using System.Text.Json;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Anthropic;

/// <summary>
/// Anthropic's error body, <c>{"type":"error","error":{"type","message"},"request_id"}</c>, and its error types
/// (https://docs.claude.com/en/api/errors: 400 invalid_request_error, 401 authentication_error, 404 not_found_error,
/// 429 rate_limit_error, 500 api_error, 529 overloaded_error).
/// </summary>
internal static class AnthropicErrors
{
    public const string InvalidRequestError = "invalid_request_error";
    public const string AuthenticationError = "authentication_error";
    public const string NotFoundError = "not_found_error";
    public const string RateLimitError = "rate_limit_error";
    public const string ApiError = "api_error";
    public const string OverloadedError = "overloaded_error";

    /// <summary>Anthropic's "overloaded" status, which it sends instead of 503.</summary>
    public const int OverloadedStatus = 529;

    public static byte[] Serialize(string type, string message, string? requestId) =>
        JsonResponses.Serialize(writer => Write(writer, type, message, requestId, withRequestId: true));

    public static Task WriteAsync(
        HttpResponse response, int statusCode, string type, string message, string? requestId, CancellationToken cancellationToken = default) =>
        JsonResponses.WriteBytesAsync(response, statusCode, Serialize(type, message, requestId), cancellationToken);

    public static Task WriteInvalidRequestAsync(HttpResponse response, string message, string? requestId, CancellationToken cancellationToken = default) =>
        WriteAsync(response, StatusCodes.Status400BadRequest, InvalidRequestError, message, requestId, cancellationToken);

    /// <summary>The error as the emulated Admin API (usage and cost reports) sends it: without a <c>request_id</c>.</summary>
    public static Task WriteWithoutRequestIdAsync(
        HttpResponse response, int statusCode, string type, string message, CancellationToken cancellationToken = default) =>
        JsonResponses.WriteAsync(response, statusCode, writer => Write(writer, type, message, null, withRequestId: false), cancellationToken);

    private static void Write(Utf8JsonWriter writer, string type, string message, string? requestId, bool withRequestId)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", type);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        if (withRequestId)
        {
            writer.WriteString("request_id", requestId);
        }

        writer.WriteEndObject();
    }
}
