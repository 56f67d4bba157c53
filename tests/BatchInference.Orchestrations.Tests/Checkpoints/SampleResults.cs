using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Results;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

/// <summary>Line results as the real-time executor and the intake produce them, at fixed times.</summary>
internal static class SampleResults
{
    public const string Provider = "openai";

    public const string Model = "gpt-4.1-mini";

    public static readonly DateTimeOffset Sent = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string> { ["team"] = "search" };

    public static readonly TokenUsage Usage = new(InputTokens: 1000, CachedInputTokens: 200, OutputTokens: 500, ReasoningTokens: 100);

    public static ReadOnlyMemory<byte> AnswerBody { get; } =
        """{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"héllo"}}],"usage":{"prompt_tokens":1000}}"""u8.ToArray();

    public static PartRecordBuilder Builder(string jobId) => new(jobId, Tags, PriceCatalog.BuiltIn());

    public static AttemptRecord Paid(int attempt, string requestId, TokenUsage usage) =>
        new(attempt, 200, requestId, Sent.AddSeconds(attempt), Sent.AddSeconds(attempt).AddMilliseconds(750), usage, null);

    public static AttemptRecord Unpaid(int attempt, int? status, string error) =>
        new(attempt, status, status is null ? null : $"req_{attempt}", Sent.AddSeconds(attempt), Sent.AddSeconds(attempt).AddMilliseconds(50), null, error);

    /// <summary>Answered 200 on the second attempt, after a 429.</summary>
    public static AnsweredLine Succeeded(long sequence, long line, string customId) => new(
        sequence, line, Model,
        new RealtimeOutcome(customId, true, 200, "req_ok", AnswerBody, null, null,
            [Unpaid(1, 429, "rate limited"), Paid(2, "req_ok", Usage)]),
        Provider, "realtime");

    /// <summary>The provider refused it with a JSON error body.</summary>
    public static AnsweredLine Refused(long sequence, long line, string customId) => new(
        sequence, line, Model,
        new RealtimeOutcome(customId, false, 400, "req_bad", """{"error":{"message":"bad","type":"invalid_request_error"}}"""u8.ToArray(),
            RealtimeErrorCodes.ProviderRejected, "bad", [Unpaid(1, 400, "bad request")]),
        Provider, "realtime");

    public static RejectedLine Rejected(long sequence, long line, string? customId) =>
        new(sequence, line, customId, "invalid_json", "Line 3 is not valid JSON.");
}
