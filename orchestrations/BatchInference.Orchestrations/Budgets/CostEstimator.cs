using BatchInference.Jobs.Intake;
using BatchInference.Ledger.Pricing;
using BatchInference.Providers.RateLimiting;

namespace BatchInference.Orchestrations.Budgets;

/// <summary>
/// A deliberately high estimate of what one request can cost before it is sent, so a budget is never passed by
/// surprise: input tokens from the body's size (one token per 3 bytes; real text averages about 4), output tokens
/// from <c>max_completion_tokens</c> / <c>max_output_tokens</c> / <c>max_tokens</c>, or
/// <see cref="DefaultOutputTokens"/> when the request sets none, times the <c>n</c> choices (embeddings produce no output tokens).
/// </summary>
internal static class CostEstimator
{
    public const int DefaultOutputTokens = 4_096;

    public static decimal Estimate(RequestLine request, ModelPrice price)
    {
        var input = (request.Body.Length / 3) + 1;
        var (cap, choices) = RequestOutputLimit.Read(request.Body.Span);
        var output = request.Url.EndsWith("/embeddings", StringComparison.Ordinal) ? 0 : (cap ?? DefaultOutputTokens) * choices;
        return CostCalculator.Cost(price, new TokenCounts(input, 0, output, 0));
    }
}
