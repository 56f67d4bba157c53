using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.Engine.Status;

/// <summary>Source-generated JSON for the hosts' status bodies: snake_case like the job's own files, enums by their wire names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JobStatusDocument))]
[JsonSerializable(typeof(IReadOnlyList<JobListItem>))]
[JsonSerializable(typeof(JobListItem))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
