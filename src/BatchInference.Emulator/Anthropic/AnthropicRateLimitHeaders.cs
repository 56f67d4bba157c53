using System.Globalization;
using BatchInference.Emulator.RateLimits;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Anthropic;

/// <summary>
/// Anthropic's rate-limit headers (https://docs.claude.com/en/api/rate-limits, "Response headers"):
/// <c>anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}</c>, reset as an RFC 3339 time when the bucket is
/// full again, and on a 429 <c>retry-after</c> in whole seconds.
/// </summary>
internal static class AnthropicRateLimitHeaders
{
    public static void Write(HttpResponse response, RateLimitDecision decision, DateTimeOffset now)
    {
        Write(response, "requests", decision.Requests, now);
        Write(response, "tokens", decision.Tokens, now);
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void Write(HttpResponse response, string resource, RateLimitBucketState? bucket, DateTimeOffset now)
    {
        if (bucket is null)
        {
            return;
        }

        response.Headers[$"anthropic-ratelimit-{resource}-limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"anthropic-ratelimit-{resource}-remaining"] = Math.Max(0, bucket.Remaining).ToString(CultureInfo.InvariantCulture);
        response.Headers[$"anthropic-ratelimit-{resource}-reset"] =
            (now + bucket.ResetIn).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
