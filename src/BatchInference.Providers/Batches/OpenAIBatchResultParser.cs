using System.Globalization;
using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Reads one line of an OpenAI batch output or error file:
/// <c>{"id","custom_id","response":{"status_code","request_id","body"},"error":{"code","message"}|null}</c>.
/// The response body is kept as the exact bytes of the file.
/// </summary>
internal static class OpenAIBatchResultParser
{
    /// <summary>The result, or null with a reason when the line cannot be attributed to a request.</summary>
    public static BatchResultLine? Parse(ReadOnlyMemory<byte> line, out string? problem) => BatchResultFile.ParseLine(line, ParseResult, out problem);

    private static BatchResultLine? ParseResult(JsonElement root, string customId, out string? problem)
    {
        problem = null;
        var response = BatchJsonFields.Object(root, "response");
        var status = response is { } r ? (int?)BatchJsonFields.Integer(r, "status_code") : null;
        var requestId = response is { } r2 ? BatchJsonFields.String(r2, "request_id") : null;
        JsonElement? body = response is { } r3 && r3.TryGetProperty("body", out var b) && b.ValueKind != JsonValueKind.Null ? b : null;
        var bytes = body is { } raw ? BatchJsonFields.RawBytes(raw) : [];

        if (BatchJsonFields.Object(root, "error") is { } error)
        {
            var code = BatchJsonFields.String(error, "code") ?? BatchJsonFields.String(error, "type") ?? "batch_error";
            return new BatchResultLine(customId, status, requestId, bytes, code, BatchJsonFields.String(error, "message") ?? code);
        }

        if (status is >= 200 and < 300)
        {
            return new BatchResultLine(customId, status, requestId, bytes, null, null);
        }

        var (errorCode, message) = ReadErrorBody(body, status);
        return new BatchResultLine(customId, status, requestId, bytes, errorCode, message);
    }

    private static (string Code, string Message) ReadErrorBody(JsonElement? body, int? status)
    {
        var fallback = status is { } s ? string.Create(CultureInfo.InvariantCulture, $"http_{s}") : "missing_response";
        var error = body is { } b ? BatchJsonFields.Object(b, "error") : null;
        if (error is not { } e)
        {
            return (fallback, status is null ? "The result line carries no response." : $"The request failed with HTTP {status}.");
        }

        var code = BatchJsonFields.String(e, "code") ?? BatchJsonFields.String(e, "type") ?? fallback;
        return (code, BatchJsonFields.String(e, "message") ?? code);
    }
}
