using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.State;

/// <summary>Source-generated JSON for the engine's state blobs: snake_case, nulls written, unknown members rejected.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(JobState))]
[JsonSerializable(typeof(ShardState))]
[JsonSerializable(typeof(Budgets.BudgetAccount))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
