namespace BatchInference.Emulator.Batches.OpenAIBatches;

/// <summary>An input file read as batch requests, with every reason OpenAI's validation would fail the batch.</summary>
internal sealed record OpenAIBatchInput(IReadOnlyList<BatchRequest> Requests, IReadOnlyList<BatchValidationError> Errors);
