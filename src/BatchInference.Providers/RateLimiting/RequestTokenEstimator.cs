using System.Text.Json;

namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// Estimates the tokens a request will count against a TPM limit before it is sent: input from the body size
/// (about 4 bytes per token, which over-counts JSON punctuation; erring high is the safe side of a rate limit) plus the
/// body's output limit (<c>max_completion_tokens</c>, <c>max_tokens</c> or <c>max_output_tokens</c>, times <c>n</c>), or
/// a default when it sets none. Embeddings produce no output tokens.
/// </summary>
internal static class RequestTokenEstimator
{
    public const int BytesPerToken = 4;

    public static int Estimate(ReadOnlySpan<byte> body, string url, int defaultOutputTokens)
    {
        long input = (body.Length + BytesPerToken - 1) / BytesPerToken;
        long output = 0;
        if (!url.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            var (limit, choices) = ReadOutputLimit(body);
            output = (limit ?? defaultOutputTokens) * choices;
        }

        return (int)Math.Min(int.MaxValue, input + output);
    }

    private static (long? Limit, long Choices) ReadOutputLimit(ReadOnlySpan<byte> body)
    {
        long? limit = null;
        long choices = 1;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, 1);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isLimit = reader.ValueTextEquals("max_completion_tokens"u8) || reader.ValueTextEquals("max_tokens"u8)
                    || reader.ValueTextEquals("max_output_tokens"u8);
                var isChoices = reader.ValueTextEquals("n"u8);
                reader.Read();
                if ((isLimit || isChoices) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value > 0)
                {
                    if (isLimit)
                    {
                        limit = Math.Max(limit ?? 0, value);
                    }
                    else
                    {
                        choices = value;
                    }
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A malformed body is the provider's to reject; the estimate just falls back to the default.
            return (null, 1);
        }

        return (limit, choices);
    }
}
