namespace BatchInference.Emulator.Batches;

/// <summary>One entry of a failed OpenAI batch's <c>errors.data</c>: <c>{code, message, param, line}</c>.</summary>
internal sealed record BatchValidationError(string Code, string Message, string? Param, int? Line);
