using System.ClientModel;
using Polly;
using Polly.Timeout;

namespace BatchInference.Providers.Resilience;

/// <summary>Which answers and errors are worth another attempt, and which count against the circuit breaker.</summary>
internal static class TransientFailure
{
    /// <summary>408, 409 (lock conflicts), 429 and every 5xx: what OpenAI's own SDKs retry. Other 4xx will not change.</summary>
    public static bool IsRetryableStatus(int statusCode) => statusCode is 408 or 409 or 429 or >= 500;

    /// <summary>
    /// The breaker counts the provider being broken (5xx, 408), not it being busy: a 429 storm is handled by waiting,
    /// and must not cut the provider off.
    /// </summary>
    public static bool IsFailureStatus(int statusCode) => statusCode is 408 or >= 500;

    /// <summary>
    /// Transport errors and attempt timeouts. A cancellation counts only when the caller did not ask for it (the SDK's
    /// network timeout surfaces as a bare <see cref="OperationCanceledException"/>).
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        TimeoutRejectedException => true,
        HttpRequestException => true,
        IOException => true,
        ClientResultException => true, // With ClientErrorBehaviors.NoThrow the SDK throws this only for transport failures.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    public static bool ShouldRetry(Outcome<ProviderResponse> outcome, CancellationToken callerToken) =>
        outcome.Exception is { } exception
            ? IsTransient(exception, callerToken)
            : outcome.Result is { } response && IsRetryableStatus(response.StatusCode);

    public static bool CountsAsFailure(Outcome<ProviderResponse> outcome, CancellationToken callerToken) =>
        outcome.Exception is { } exception
            ? IsTransient(exception, callerToken)
            : outcome.Result is { } response && IsFailureStatus(response.StatusCode);
}
