namespace BatchInference.Jobs.Output;

/// <summary>One line of an OpenAI-format batch output or error file.</summary>
/// <param name="Id">The line id (<c>batch_req_…</c>).</param>
/// <param name="CustomId">The request's <c>custom_id</c>; <see langword="null"/> when the input line had none.</param>
/// <param name="Response">The provider's HTTP response, or <see langword="null"/> when no provider answered.</param>
/// <param name="Error">Why the line has no response, or <see langword="null"/> when it has one.</param>
public sealed record BatchOutputLine(string Id, string? CustomId, BatchOutputResponse? Response, BatchOutputError? Error);
