using System.Text.Json;

namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// What a request body caps its output at: the largest of <c>max_completion_tokens</c>, <c>max_tokens</c> and
/// <c>max_output_tokens</c>, and the number of choices <c>n</c>. The rate limiter's estimate and the planner's
/// workload estimate both read it here.
/// </summary>
public static class RequestOutputLimit
{
    /// <summary>Reads the top-level members without allocating; a malformed body gives (null, 1): an estimate must not throw.</summary>
    /// <param name="body">The JSON body.</param>
    /// <returns>The output cap per choice (null when none is set) and the number of choices (1 unless <c>n</c> says more).</returns>
    public static (long? Limit, long Choices) Read(ReadOnlySpan<byte> body)
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
