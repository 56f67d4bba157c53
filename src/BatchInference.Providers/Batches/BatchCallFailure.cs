using System.ClientModel;
using Anthropic.Exceptions;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Turns what the SDKs throw for a failed batch API call into a <see cref="BatchProviderException"/> carrying the HTTP
/// status, so one retry rule (<see cref="BatchProviderException.IsTransient"/>) covers every provider.
/// </summary>
internal static class BatchCallFailure
{
    /// <summary>The exception to throw instead, or null when <paramref name="exception"/> must propagate unchanged.</summary>
    public static BatchProviderException? Translate(Exception exception, string operation, CancellationToken callerToken) => exception switch
    {
        BatchProviderException => null,
        ClientResultException e => new BatchProviderException($"{operation} failed: {e.Message}", e.Status == 0 ? null : e.Status, e),
        AnthropicApiException e => new BatchProviderException($"{operation} failed: {e.Message}", (int)e.StatusCode, e),
        AnthropicIOException or HttpRequestException or IOException =>
            new BatchProviderException($"{operation} failed without an answer: {exception.Message}", null, exception),
        OperationCanceledException when !callerToken.IsCancellationRequested =>
            new BatchProviderException($"{operation} timed out.", null, exception),
        _ => null,
    };

    /// <summary>Runs <paramref name="call"/>, translating its failure.</summary>
    public static async Task<T> GuardAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, operation, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }
}
