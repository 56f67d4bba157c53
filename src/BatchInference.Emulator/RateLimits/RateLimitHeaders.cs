using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.RateLimits;

/// <summary>
/// OpenAI's rate-limit headers: <c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c> (reset as a Go-style
/// duration such as <c>1s</c>, <c>6m0s</c> or <c>120ms</c>), and on a 429 <c>retry-after</c> (whole seconds, rounded
/// up) and <c>retry-after-ms</c>.
/// </summary>
internal static class RateLimitHeaders
{
    public static void Write(HttpResponse response, RateLimitDecision decision)
    {
        Write(response, "requests", decision.Requests);
        Write(response, "tokens", decision.Tokens);
        if (decision.Rejection is RateLimitKind.Requests or RateLimitKind.Tokens)
        {
            var milliseconds = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalMilliseconds));
            var seconds = (milliseconds + 999) / 1000;
            response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Formats like Go's <c>time.Duration.String()</c>, which is what OpenAI sends.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        // Whole milliseconds, rounded up so a client never comes back early.
        var totalMilliseconds = (long)Math.Ceiling(duration.TotalMilliseconds);
        if (totalMilliseconds < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{totalMilliseconds}ms");
        }

        var text = new StringBuilder();
        var hours = totalMilliseconds / 3_600_000;
        var minutes = totalMilliseconds / 60_000 % 60;
        var seconds = totalMilliseconds % 60_000 / 1000.0;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        text.Append(CultureInfo.InvariantCulture, $"{seconds:0.###}s");
        return text.ToString();
    }

    private static void Write(HttpResponse response, string resource, RateLimitBucketState? bucket)
    {
        if (bucket is null)
        {
            return;
        }

        response.Headers[$"x-ratelimit-limit-{resource}"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-remaining-{resource}"] = Math.Max(0, bucket.Remaining).ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-reset-{resource}"] = FormatDuration(bucket.ResetIn);
    }
}
