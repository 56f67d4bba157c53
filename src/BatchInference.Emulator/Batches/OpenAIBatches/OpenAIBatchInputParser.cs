using System.Globalization;
using System.Text.Json;

namespace BatchInference.Emulator.Batches.OpenAIBatches;

/// <summary>
/// Validates a batch input file the way OpenAI's <c>validating</c> step does, reporting each problem with its line
/// (openai-openapi <c>BatchError</c>: code, message, param, line). The rules are OpenAI's documented ones
/// (https://platform.openai.com/docs/guides/batch and the request-input object): each line is
/// <c>{"custom_id","method":"POST","url","body"}</c>, custom_ids are unique, the url is the batch's endpoint, "each
/// input file can only include requests to a single model", and a batch holds at most 50,000 requests
/// (<see cref="EmulatorOptions.BatchMaxLines"/>). The codes <c>invalid_json_line</c> and <c>duplicate_custom_id</c>
/// are the ones OpenAI is seen to return; <c>invalid_url</c>, <c>mismatched_model</c>, <c>empty_file</c> and
/// <c>max_requests_exceeded</c> are the emulator's names for rules whose code OpenAI does not document.
/// </summary>
internal static class OpenAIBatchInputParser
{
    private const int MaxReportedErrors = 1000;

    public static OpenAIBatchInput Parse(byte[] content, string endpoint, int maxLines)
    {
        var requests = new List<BatchRequest>();
        var errors = new List<BatchValidationError>();
        var customIds = new HashSet<string>(StringComparer.Ordinal);
        string? firstModel = null;
        var lineNumber = 0;
        var start = 0;
        while (start < content.Length && errors.Count < MaxReportedErrors)
        {
            var end = Array.IndexOf(content, (byte)'\n', start);
            end = end < 0 ? content.Length : end;
            var line = content.AsMemory(start, end - start);
            start = end + 1;
            lineNumber++;
            if (IsBlank(line.Span))
            {
                continue;
            }

            var request = ReadLine(line, lineNumber, endpoint, customIds, ref firstModel, out var error);
            if (error is not null)
            {
                errors.Add(error);
            }
            else
            {
                requests.Add(request!);
            }
        }

        if (requests.Count + errors.Count == 0)
        {
            errors.Add(new BatchValidationError("empty_file", "The input file contains no requests.", null, null));
        }
        else if (requests.Count + errors.Count > maxLines)
        {
            errors.Insert(0, new BatchValidationError(
                "max_requests_exceeded",
                string.Create(CultureInfo.InvariantCulture, $"A batch may hold at most {maxLines} requests; this input file holds more."),
                null,
                null));
        }

        return new OpenAIBatchInput(requests, errors);
    }

    private static BatchRequest? ReadLine(
        ReadOnlyMemory<byte> line, int number, string endpoint, HashSet<string> customIds, ref string? firstModel, out BatchValidationError? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            error = new BatchValidationError("invalid_json_line", "This line is not parseable as valid JSON.", null, number);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new BatchValidationError("invalid_json_line", "This line is not parseable as valid JSON.", null, number);
                return null;
            }

            var customId = String(root, "custom_id");
            var method = String(root, "method");
            var url = String(root, "url");
            error = customId is not { Length: > 0 } ? Missing("custom_id", number)
                : !customIds.Add(customId) ? new BatchValidationError(
                    "duplicate_custom_id",
                    "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.",
                    "custom_id",
                    number)
                : method is null ? Missing("method", number)
                : method != "POST" ? new BatchValidationError("invalid_value", $"Invalid value for 'method': '{method}'. Only 'POST' is supported.", "method", number)
                : url is null ? Missing("url", number)
                : url != endpoint ? new BatchValidationError(
                    "invalid_url", $"The URL '{url}' of this request does not match the batch endpoint '{endpoint}'.", "url", number)
                : !root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object ? Missing("body", number)
                : String(body, "model") is not { Length: > 0 } model ? Missing("body.model", number)
                : (firstModel ??= model) != model ? new BatchValidationError(
                    "mismatched_model",
                    $"Each input file can only include requests to a single model: this request uses '{model}', an earlier one '{firstModel}'.",
                    "body.model",
                    number)
                : null;
            return error is null ? new BatchRequest(number, customId!, url!, System.Text.Encoding.UTF8.GetBytes(root.GetProperty("body").GetRawText())) : null;
        }
    }

    private static BatchValidationError Missing(string param, int line) =>
        new("missing_required_parameter", $"Missing required parameter: '{param}'.", param, line);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
