namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>A line the job should answer successfully.</summary>
internal sealed record ExpectedSuccess(string CustomId, long Line, string Model, string Url);

/// <summary>A line the job should report in <c>errors.jsonl</c> with <paramref name="Code"/>.</summary>
internal sealed record ExpectedError(long Line, string Code, string? CustomId);
