using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInference.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api.Batches;

/// <summary>The body of <c>POST /v1/batches</c>, checked as OpenAI checks it (metadata: at most 16 keys of 64
/// characters, values of 512).</summary>
/// <param name="InputFileId">The uploaded file.</param>
/// <param name="Endpoint">The url every line must use.</param>
/// <param name="CompletionWindow"><c>24h</c> or any of our windows.</param>
/// <param name="Metadata">The client's key-value pairs.</param>
internal sealed record BatchRequest(string InputFileId, string Endpoint, string CompletionWindow, IReadOnlyDictionary<string, string> Metadata)
{
    public static async Task<(BatchRequest? Value, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return (null, ApiErrors.Invalid("The body must be a JSON object with input_file_id, endpoint and completion_window."));
        }

        string? Text(string name) => body[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        foreach (var name in new[] { "input_file_id", "endpoint", "completion_window" })
        {
            if (Text(name) is null)
            {
                return (null, ApiErrors.Invalid($"Missing required parameter: '{name}'.", name, "missing_required_parameter"));
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["metadata"] is JsonObject given)
        {
            if (given.Count > 16)
            {
                return (null, ApiErrors.Invalid("metadata may hold at most 16 keys.", "metadata"));
            }

            foreach (var (key, value) in given)
            {
                if (key.Length > 64 || value is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length > 512)
                {
                    return (null, ApiErrors.Invalid($"metadata '{key}' must be a string of at most 512 characters, under a key of at most 64.", "metadata"));
                }

                metadata[key] = text;
            }
        }
        else if (body["metadata"] is not null)
        {
            return (null, ApiErrors.Invalid("metadata must be an object of strings.", "metadata"));
        }

        return (new BatchRequest(Text("input_file_id")!, Text("endpoint")!, Text("completion_window")!, metadata), null);
    }
}
