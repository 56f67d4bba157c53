using System.Text.Json.Serialization;

namespace BatchInference.Jobs.Summary;

/// <summary>
/// Source-generated serialization of <see cref="JobSummary"/>: snake_case names, indented, nulls written (so
/// <c>failure_reason</c> is always present). Use <c>JobSummaryJsonContext.Default.JobSummary</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(JobSummary))]
public sealed partial class JobSummaryJsonContext : JsonSerializerContext;
