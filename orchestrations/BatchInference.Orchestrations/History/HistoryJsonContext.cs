using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.History;

/// <summary>Source-generated JSON of the history blobs: snake_case, like the engine's state blobs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CompletionRecord))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
