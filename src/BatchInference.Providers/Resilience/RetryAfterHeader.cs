using System.Globalization;

namespace BatchInference.Providers.Resilience;

/// <summary>Reads the server's "wait this long" hint from <c>retry-after-ms</c> and <c>retry-after</c>.</summary>
internal static class RetryAfterHeader
{
    /// <summary>
    /// <c>retry-after-ms</c> (OpenAI's precise hint, milliseconds) wins; otherwise <c>retry-after</c> as delta-seconds
    /// or an HTTP date relative to <paramref name="now"/>. Unparseable or negative values count as absent; a date in the
    /// past means "now".
    /// </summary>
    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        var value = retryAfter.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
