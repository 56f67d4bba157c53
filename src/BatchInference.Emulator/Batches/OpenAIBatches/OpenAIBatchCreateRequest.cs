using System.Globalization;
using System.Text.Json;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;

namespace BatchInference.Emulator.Batches.OpenAIBatches;

/// <summary>
/// The body of <c>POST /v1/batches</c> (openai-openapi <c>CreateBatchRequest</c>): <c>input_file_id</c>,
/// <c>endpoint</c>, <c>completion_window</c> (only <c>24h</c>) and optional <c>metadata</c> ("Set of 16 key-value
/// pairs … Keys are strings with a maximum length of 64 characters. Values are strings with a maximum length of 512
/// characters."). <c>output_expires_after</c> is accepted and ignored.
/// </summary>
internal sealed record OpenAIBatchCreateRequest(string InputFileId, string Endpoint, string CompletionWindow, IReadOnlyDictionary<string, string> Metadata)
{
    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 512;

    /// <summary>The endpoints the emulator can answer batch lines for (OpenAI also lists responses, completions, moderations, images, videos).</summary>
    public static readonly IReadOnlyList<string> ServedEndpoints = [EmulatorRoutes.ChatCompletions, EmulatorRoutes.Completions, EmulatorRoutes.Embeddings];

    private static readonly HashSet<string> OpenAIEndpoints = new(StringComparer.Ordinal)
    {
        "/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations", "/v1/images/generations",
        "/v1/images/edits", "/v1/videos",
    };

    /// <exception cref="OpenAIRequestException">OpenAI would refuse the body with 400.</exception>
    public static OpenAIBatchCreateRequest Parse(byte[] body)
    {
        using var document = JsonBodyFields.ParseObject(body);
        var root = document.RootElement;
        var inputFileId = JsonBodyFields.OptionalString(root, "input_file_id") ?? throw JsonBodyFields.Missing("input_file_id");
        var endpoint = JsonBodyFields.OptionalString(root, "endpoint") ?? throw JsonBodyFields.Missing("endpoint");
        if (!OpenAIEndpoints.Contains(endpoint))
        {
            throw new OpenAIRequestException(
                $"Invalid value for 'endpoint': '{endpoint}'. Supported values are: {string.Join(", ", OpenAIEndpoints.Select(e => $"'{e}'"))}.",
                "endpoint",
                "invalid_value");
        }

        if (!ServedEndpoints.Contains(endpoint))
        {
            throw new OpenAIRequestException(
                $"The emulator does not answer '{endpoint}' batches; it serves {string.Join(" and ", ServedEndpoints.Select(e => $"'{e}'"))}.",
                "endpoint",
                "unsupported_value");
        }

        var window = JsonBodyFields.OptionalString(root, "completion_window") ?? throw JsonBodyFields.Missing("completion_window");
        if (window != "24h")
        {
            throw new OpenAIRequestException(
                $"Invalid value for 'completion_window': '{window}'. Supported values are: '24h'.", "completion_window", "invalid_value");
        }

        return new OpenAIBatchCreateRequest(inputFileId, endpoint, window, ReadMetadata(root));
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement root)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("metadata", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return metadata;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonBodyFields.InvalidType("metadata", "an object", element);
        }

        foreach (var pair in element.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                throw JsonBodyFields.InvalidType($"metadata.{pair.Name}", "a string", pair.Value);
            }

            var value = pair.Value.GetString()!;
            if (pair.Name.Length > MaxMetadataKeyLength || value.Length > MaxMetadataValueLength)
            {
                throw new OpenAIRequestException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Invalid 'metadata': keys may be at most {MaxMetadataKeyLength} characters and values at most {MaxMetadataValueLength}; '{pair.Name}' is too long."),
                    "metadata",
                    "string_above_max_length");
            }

            metadata[pair.Name] = value;
        }

        return metadata.Count <= MaxMetadataPairs
            ? metadata
            : throw new OpenAIRequestException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Invalid 'metadata': too many properties. Expected an object with at most {MaxMetadataPairs} properties, but got an object with {metadata.Count} properties instead."),
                "metadata",
                "object_above_max_properties");
    }
}
