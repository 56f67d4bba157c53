using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Reads one line of Anthropic's batch results, <c>{"custom_id","result":{"type",...}}</c>: <c>succeeded</c> carries
/// the message (kept as its exact bytes, status 200), <c>errored</c> an error object (its type becomes the error code
/// and the HTTP status the same error would have had), <c>canceled</c> / <c>expired</c> never ran.
/// </summary>
internal static class AnthropicBatchResultParser
{
    public static BatchResultLine? Parse(ReadOnlyMemory<byte> line, out string? problem) => BatchResultFile.ParseLine(line, ParseResult, out problem);

    /// <summary>The HTTP status Anthropic documents for each error type.</summary>
    public static int? StatusOf(string? errorType) => errorType switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "api_error" => 500,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => null,
    };

    private static BatchResultLine? ParseResult(JsonElement root, string customId, out string? problem)
    {
        if (BatchJsonFields.Object(root, "result") is not { } result || BatchJsonFields.String(result, "type") is not { } type)
        {
            problem = "no result type";
            return null;
        }

        problem = null;
        switch (type)
        {
            case "succeeded" when BatchJsonFields.Object(result, "message") is { } message:
                return new BatchResultLine(customId, 200, null, BatchJsonFields.RawBytes(message), null, null);
            case "errored":
                return Errored(customId, BatchJsonFields.Object(result, "error"));
            case "canceled":
                return new BatchResultLine(customId, null, null, ReadOnlyMemory<byte>.Empty, BatchErrorCodes.Cancelled,
                    "The batch was cancelled before this request ran.");
            case "expired":
                return new BatchResultLine(customId, null, null, ReadOnlyMemory<byte>.Empty, BatchErrorCodes.Expired,
                    "The batch expired before this request ran.");
            default:
                problem = $"unknown result type '{type}'";
                return null;
        }
    }

    private static BatchResultLine Errored(string customId, JsonElement? error)
    {
        // The error is an error response, {"type":"error","error":{"type","message"}}; older samples put the fields at the top.
        var inner = error is { } e ? BatchJsonFields.Object(e, "error") ?? e : default;
        var errorType = BatchJsonFields.String(inner, "type") ?? "errored";
        var message = BatchJsonFields.String(inner, "message") ?? "The request failed inside the batch.";
        var body = error is { } raw ? BatchJsonFields.RawBytes(raw) : [];
        return new BatchResultLine(customId, StatusOf(errorType), null, body, errorType, message);
    }
}
