using System.Text.Json.Serialization;

namespace BatchInference.Functions.Status;

/// <summary>Source-generated JSON for the status body: snake_case like the job's own files, enums by their wire names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JobStatusDocument))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
