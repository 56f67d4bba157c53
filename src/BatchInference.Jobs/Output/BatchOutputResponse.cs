namespace BatchInference.Jobs.Output;

/// <summary>The <c>response</c> object of an output line.</summary>
/// <param name="StatusCode">The provider's HTTP status code (200 on success, 4xx/5xx for provider errors).</param>
/// <param name="RequestId">The provider's request id, when it sent one.</param>
/// <param name="Body">The exact bytes of the response body JSON object.</param>
public sealed record BatchOutputResponse(int StatusCode, string? RequestId, ReadOnlyMemory<byte> Body);
