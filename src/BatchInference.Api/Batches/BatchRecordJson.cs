using System.Text.Json.Serialization;

namespace BatchInference.Api.Batches;

/// <summary>Source-generated JSON of batch records, snake_case like the job's own files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchRecord))]
internal sealed partial class BatchRecordJson : JsonSerializerContext;
