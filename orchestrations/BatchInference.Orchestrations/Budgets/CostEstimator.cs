using System.Text.Json;
using BatchInference.Jobs.Intake;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Orchestrations.Budgets;

/// <summary>
/// A deliberately high estimate of what one request can cost before it is sent, so a budget is never passed by
/// surprise: input tokens from the body's size (one token per 3 bytes; real text averages about 4), output tokens
/// from <c>max_completion_tokens</c> / <c>max_output_tokens</c> / <c>max_tokens</c>, or
/// <see cref="DefaultOutputTokens"/> when the request sets none (embeddings produce no output tokens).
/// </summary>
internal static class CostEstimator
{
    public const int DefaultOutputTokens = 4_096;

    public static decimal Estimate(RequestLine request, ModelPrice price)
    {
        var input = (request.Body.Length / 3) + 1;
        var output = request.Url.EndsWith("/embeddings", StringComparison.Ordinal) ? 0 : MaxOutputTokens(request.Body.Span) ?? DefaultOutputTokens;
        return CostCalculator.Cost(price, new TokenCounts(input, 0, output, 0));
    }

    // The first of the output caps the body sets, read without allocating the body.
    private static long? MaxOutputTokens(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        long? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCap = reader.ValueTextEquals("max_completion_tokens"u8) || reader.ValueTextEquals("max_output_tokens"u8)
                || reader.ValueTextEquals("max_tokens"u8);
            reader.Read();
            if (isCap && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var cap) && cap >= 0)
            {
                found = found is null ? cap : Math.Max(found.Value, cap);
            }

            reader.Skip();
        }

        return found;
    }
}
