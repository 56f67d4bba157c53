using System.Globalization;

namespace BatchInference.Emulator.RateLimits;

/// <summary>The wording of OpenAI's 429 messages, which some clients and humans read.</summary>
internal static class RateLimitMessages
{
    private const string Organization = "org-emulator";

    public static string Describe(RateLimitDecision decision, string model) => decision.Rejection switch
    {
        RateLimitKind.Requests => Reached(model, "requests per min (RPM)", decision.Requests, 1, decision.RetryAfter),
        RateLimitKind.Tokens => Reached(model, "tokens per min (TPM)", decision.Tokens, decision.TokensRequested, decision.RetryAfter),
        RateLimitKind.RequestTooLarge => string.Create(
            CultureInfo.InvariantCulture,
            $"Request too large for {model} in organization {Organization} on tokens per min (TPM): Limit {decision.Tokens?.Limit}, Requested {decision.TokensRequested}.")
            + " The input or output tokens must be reduced in order to run successfully.",
        _ => string.Empty,
    };

    private static string Reached(string model, string limitName, RateLimitBucketState? bucket, int requested, TimeSpan retryAfter) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Rate limit reached for {model} in organization {Organization} on {limitName}: Limit {bucket?.Limit}, Used {bucket?.Limit - bucket?.Remaining}, Requested {requested}.")
        + $" Please try again in {RateLimitHeaders.FormatDuration(retryAfter)}. Visit https://platform.openai.com/account/rate-limits to learn more.";
}
