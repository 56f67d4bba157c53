namespace BatchInference.Jobs.Intake;

/// <summary>A valid request line in the OpenAI batch input format.</summary>
/// <param name="LineNumber">The 1-based physical line number in the input.</param>
/// <param name="CustomId">The caller's <c>custom_id</c>, unique within the job.</param>
/// <param name="Method">The HTTP method; always <c>POST</c>.</param>
/// <param name="Url">The endpoint path, one of the reader's supported URLs (e.g. <c>/v1/chat/completions</c>).</param>
/// <param name="Model">The string value of <c>body.model</c>.</param>
/// <param name="Body">
/// The exact original UTF-8 bytes of the <c>body</c> JSON value, sliced from the line (unknown fields, key order,
/// number formatting and whitespace preserved). The memory is owned by this record and never reused.
/// </param>
public sealed record RequestLine(long LineNumber, string CustomId, string Method, string Url, string Model, ReadOnlyMemory<byte> Body)
    : JobLine(LineNumber);
