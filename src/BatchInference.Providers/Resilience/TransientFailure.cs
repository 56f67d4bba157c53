using System.ClientModel;
using System.Globalization;
using System.Text.Json;
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
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => !IsClientSide(exception) && exception switch
    {
        TimeoutRejectedException => true,
        HttpRequestException => true,
        IOException => true,
        ClientResultException => true, // With ClientErrorBehaviors.NoThrow the SDK throws this only for transport failures.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// The request could not be made as written, whatever the provider's state: a header value .NET refuses, a body that
    /// cannot be serialized, an argument the SDK rejects. Retrying cannot help, and it says nothing about the provider.
    /// The HTTP stack reports some of these (e.g. "Request headers must contain only ASCII characters.") as a plain
    /// <see cref="HttpRequestException"/> thrown before anything was sent, which only its message tells apart.
    /// </summary>
    public static bool IsClientSide(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ArgumentException or FormatException or JsonException or NotSupportedException
                || (e is InvalidOperationException && e is not ObjectDisposedException)
                || (e is HttpRequestException && e.Message.Contains("Request headers", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an attempt's failure was, for a message: the status or the error, never a body.</summary>
    public static string Describe(Outcome<ProviderResponse> outcome) => outcome.Exception is { } exception
        ? exception is TimeoutRejectedException ? "attempt timed out" : exception.Message
        : string.Create(CultureInfo.InvariantCulture, $"HTTP {outcome.Result!.StatusCode}");

    public static bool ShouldRetry(Outcome<ProviderResponse> outcome, CancellationToken callerToken) =>
        outcome.Exception is { } exception
            ? IsTransient(exception, callerToken)
            : outcome.Result is { } response && IsRetryableStatus(response.StatusCode);

    public static bool CountsAsFailure(Outcome<ProviderResponse> outcome, CancellationToken callerToken) =>
        outcome.Exception is { } exception
            ? IsTransient(exception, callerToken)
            : outcome.Result is { } response && IsFailureStatus(response.StatusCode);
}
