using BatchInference.Emulator.OpenAI;

namespace BatchInference.Emulator.Batches;

/// <summary>The result of one batch request.</summary>
/// <param name="Request">The request.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ResultId">OpenAI's per-line id (<c>batch_req_…</c>).</param>
/// <param name="RequestId">The request id of the answer, when it ran.</param>
/// <param name="Answer">The answer, when it ran.</param>
internal sealed record BatchLineResult(BatchRequest Request, BatchLineOutcome Outcome, string ResultId, string? RequestId, ModelAnswer? Answer);
