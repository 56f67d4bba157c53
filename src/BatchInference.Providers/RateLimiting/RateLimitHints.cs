using System.Globalization;

namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// What a response says about the provider's limits: when to retry and how much budget is left. OpenAI's
/// <c>x-ratelimit-*</c> headers are read first, Anthropic's <c>anthropic-ratelimit-*</c> (whose resets are RFC 3339
/// instants) when those are absent.
/// </summary>
/// <param name="RetryAfter">From <c>retry-after-ms</c> / <c>retry-after</c>.</param>
/// <param name="RemainingRequests">From <c>x-ratelimit-remaining-requests</c> / <c>anthropic-ratelimit-requests-remaining</c>.</param>
/// <param name="ResetRequests">Time until the request budget refills.</param>
/// <param name="RemainingTokens">From <c>x-ratelimit-remaining-tokens</c> / <c>anthropic-ratelimit-tokens-remaining</c>.</param>
/// <param name="ResetTokens">Time until the token budget refills.</param>
internal sealed record RateLimitHints(
    TimeSpan? RetryAfter,
    long? RemainingRequests,
    TimeSpan? ResetRequests,
    long? RemainingTokens,
    TimeSpan? ResetTokens)
{
    public static RateLimitHints None { get; } = new(null, null, null, null, null);

    /// <summary>Reads the hints through <paramref name="header"/>, which returns a header's value or null.</summary>
    public static RateLimitHints Parse(Func<string, string?> header, DateTimeOffset now) => new(
        Resilience.RetryAfterHeader.Parse(header("retry-after-ms"), header("retry-after"), now),
        ParseCount(header("x-ratelimit-remaining-requests")) ?? ParseCount(header("anthropic-ratelimit-requests-remaining")),
        ResetDuration.Parse(header("x-ratelimit-reset-requests")) ?? ParseInstant(header("anthropic-ratelimit-requests-reset"), now),
        ParseCount(header("x-ratelimit-remaining-tokens")) ?? ParseCount(header("anthropic-ratelimit-tokens-remaining")),
        ResetDuration.Parse(header("x-ratelimit-reset-tokens")) ?? ParseInstant(header("anthropic-ratelimit-tokens-reset"), now));

    /// <summary>
    /// How long the provider asks us to send nothing: the retry hint of a 429, or the reset time of a budget that
    /// this response reports as exhausted — unless our own bucket for that budget paces the sends (it has been told the
    /// provider's remaining count, see <see cref="ProviderRateLimiter.Observe"/>), since waiting for a full reset would
    /// turn a steady stream into bursts. Null when the provider still has room.
    /// </summary>
    /// <param name="statusCode">The response's status.</param>
    /// <param name="requestsPaced">Our limiter has a request bucket.</param>
    /// <param name="tokensPaced">Our limiter has a token bucket.</param>
    public TimeSpan? PauseFor(int statusCode, bool requestsPaced = false, bool tokensPaced = false)
    {
        TimeSpan? pause = null;
        if (statusCode == 429)
        {
            pause = RetryAfter ?? Max(ResetRequests, ResetTokens);
        }

        if (RemainingRequests == 0 && !requestsPaced)
        {
            pause = Max(pause, ResetRequests);
        }

        if (RemainingTokens == 0 && !tokensPaced)
        {
            pause = Max(pause, ResetTokens);
        }

        return pause;
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeSpan? ParseInstant(string? value, DateTimeOffset now) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? (instant > now ? instant - now : TimeSpan.Zero)
            : null;

    private static long? ParseCount(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : null;
}
