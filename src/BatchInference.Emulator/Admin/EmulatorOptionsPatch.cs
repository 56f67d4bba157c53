using System.Globalization;
using System.Text.Json;
using BatchInference.Emulator.OpenAI;

namespace BatchInference.Emulator.Admin;

/// <summary>
/// A JSON patch of <see cref="EmulatorOptions"/> (property names as in the class, any case; TimeSpans as
/// <c>"00:00:01.5"</c>). Host and Port cannot change at runtime; unknown names are refused, not ignored, so a typo
/// does not silently leave a fault switched off.
/// </summary>
internal static class EmulatorOptionsPatch
{
    /// <exception cref="OpenAIRequestException">The patch is not valid JSON or names an unknown or read-only setting.</exception>
    public static Action<EmulatorOptions> Parse(byte[] body)
    {
        using var document = JsonBodyFields.ParseObject(body);
        var changes = new List<Action<EmulatorOptions>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            changes.Add(Change(property.Name, property.Value));
        }

        return options => changes.ForEach(change => change(options));
    }

    private static Action<EmulatorOptions> Change(string name, JsonElement value)
    {
        switch (name.ToUpperInvariant())
        {
            case "LATENCY":
                var latency = ReadTimeSpan(name, value);
                return o => o.Latency = latency;
            case "LATENCYJITTER":
                var jitter = ReadTimeSpan(name, value);
                return o => o.LatencyJitter = jitter;
            case "RATELIMITWINDOW":
                var window = ReadTimeSpan(name, value);
                return o => o.RateLimitWindow = window;
            case "REQUESTSPERMINUTE":
                var requests = ReadInt(name, value);
                return o => o.RequestsPerMinute = requests;
            case "TOKENSPERMINUTE":
                var tokens = ReadInt(name, value);
                return o => o.TokensPerMinute = tokens;
            case "SEED":
                var seed = ReadInt(name, value);
                return o => o.Seed = seed;
            case "SERVERERRORRATE":
                var rate = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw JsonBodyFields.InvalidType(name, "a number", value);
                return o => o.ServerErrorRate = rate;
            case "REQUIREDAPIKEY":
                var key = value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => value.GetString(),
                    _ => throw JsonBodyFields.InvalidType(name, "a string or null", value),
                };
                return o => o.RequiredApiKey = key;
            case "BATCHTIMESCALE":
                var scale = ReadDouble(name, value);
                return o => o.BatchTimeScale = scale;
            case "BATCHVALIDATIONTIME":
                var validation = ReadTimeSpan(name, value);
                return o => o.BatchValidationTime = validation;
            case "BATCHLINESPERSECOND":
                var speed = ReadDouble(name, value);
                return o => o.BatchLinesPerSecond = speed;
            case "BATCHFINALIZATIONTIME":
                var finalization = ReadTimeSpan(name, value);
                return o => o.BatchFinalizationTime = finalization;
            case "BATCHCANCELTIME":
                var cancel = ReadTimeSpan(name, value);
                return o => o.BatchCancelTime = cancel;
            case "BATCHSTALL":
                var stall = value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? value.GetBoolean()
                    : throw JsonBodyFields.InvalidType(name, "a boolean", value);
                return o => o.BatchStall = stall;
            case "BATCHEXPIREAFTERFRACTION":
                double? fraction = value.ValueKind == JsonValueKind.Null ? null : ReadDouble(name, value);
                return o => o.BatchExpireAfterFraction = fraction;
            case "BATCHMAXLINES":
                var maxLines = ReadInt(name, value);
                return o => o.BatchMaxLines = maxLines;
            case "BATCHMAXFILEBYTES":
                var maxFileBytes = ReadLong(name, value);
                return o => o.BatchMaxFileBytes = maxFileBytes;
            case "ANTHROPICBATCHMAXREQUESTS":
                var maxRequests = ReadInt(name, value);
                return o => o.AnthropicBatchMaxRequests = maxRequests;
            case "ANTHROPICBATCHMAXBYTES":
                var maxBytes = ReadLong(name, value);
                return o => o.AnthropicBatchMaxBytes = maxBytes;
            case "FLEXUNAVAILABLERATE":
                var flexRate = ReadDouble(name, value);
                return o => o.FlexUnavailableRate = flexRate;
            case "HOST" or "PORT":
                throw new OpenAIRequestException($"'{name}' cannot change while the emulator runs.", name, "read_only");
            default:
                throw new OpenAIRequestException($"Unknown emulator setting '{name}'.", name, "unknown_parameter");
        }
    }

    private static int ReadInt(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw JsonBodyFields.InvalidType(name, "an integer", value);

    private static long ReadLong(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw JsonBodyFields.InvalidType(name, "an integer", value);

    private static double ReadDouble(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw JsonBodyFields.InvalidType(name, "a number", value);

    private static TimeSpan ReadTimeSpan(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.String && TimeSpan.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var span)
            ? span
            : throw JsonBodyFields.InvalidType(name, "a TimeSpan string such as \"00:00:01.5\"", value);
}
