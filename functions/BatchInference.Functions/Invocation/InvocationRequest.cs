using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchInference.Functions.Invocation;

/// <summary>
/// What the Functions host posts to <c>/{FunctionName}</c>: <c>{"Data": {binding name: value}, "Metadata": {…}}</c>
/// (the custom handler request payload). Names are matched case-insensitively, as the host is not consistent about them.
/// </summary>
/// <param name="Data">Trigger and input binding values by binding name.</param>
/// <param name="Metadata">Trigger metadata (queue message id, dequeue count, route parameters, <c>sys</c>).</param>
internal sealed record InvocationRequest(JsonObject Data, JsonObject Metadata)
{
    private static readonly JsonNodeOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    /// <exception cref="InvalidPayloadException">The body is not a JSON object with an object <c>Data</c>.</exception>
    public static InvocationRequest Parse(BinaryData body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.ToMemory().Span, CaseInsensitive);
        }
        catch (JsonException ex)
        {
            throw new InvalidPayloadException($"The request is not JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject envelope)
        {
            throw new InvalidPayloadException("The request must be a JSON object with \"Data\" and \"Metadata\".");
        }

        if (envelope["Data"] is not JsonObject data)
        {
            throw new InvalidPayloadException("The request has no \"Data\" object.");
        }

        return new InvocationRequest(data, envelope["Metadata"] as JsonObject ?? new JsonObject(CaseInsensitive));
    }

    /// <summary>The trigger's value under its binding name.</summary>
    /// <exception cref="InvalidPayloadException">There is no such binding in <c>Data</c>.</exception>
    public JsonNode Binding(string name) =>
        Data[name] ?? throw new InvalidPayloadException($"\"Data\" has no \"{name}\" binding.");

    /// <summary>A trigger value that may arrive as JSON or as a string holding JSON (the host does both).</summary>
    /// <exception cref="InvalidPayloadException">It is a string that is not JSON.</exception>
    public JsonNode BindingAsJson(string name)
    {
        var value = Binding(name);
        if (value is JsonValue text && text.TryGetValue<string>(out var s))
        {
            try
            {
                return JsonNode.Parse(s, CaseInsensitive) ?? throw new InvalidPayloadException($"\"Data.{name}\" is null.");
            }
            catch (JsonException ex)
            {
                throw new InvalidPayloadException($"\"Data.{name}\" is a string that is not JSON: {ex.Message}", ex);
            }
        }

        return value;
    }

    /// <summary>A metadata value as text: strings unquoted (the host sometimes JSON-encodes them twice), numbers as written.</summary>
    public string? MetadataText(string name) => PayloadValues.Text(Metadata[name]);
}
