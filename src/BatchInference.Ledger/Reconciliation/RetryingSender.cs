using System.Net;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// Sends a GET and retries 429, 5xx and connection failures: waits <c>Retry-After</c> when the answer has one,
/// otherwise an exponential back-off, both capped, on the injected clock (so tests move time by hand).
/// </summary>
internal sealed class RetryingSender(HttpClient httpClient, ProviderUsageClientOptions options, TimeProvider timeProvider)
{
    /// <summary>The first non-retryable answer, or the last one when attempts run out. Cancelling stops waits and sends.</summary>
    /// <exception cref="HttpRequestException">The connection failed on every attempt.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = createRequest();
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                if (!IsTransient(response.StatusCode) || attempt >= options.MaxAttempts)
                {
                    return response;
                }

                retryAfter = RetryAfter(response);
                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < options.MaxAttempts)
            {
                response?.Dispose();
            }

            await Task.Delay(Delay(attempt, retryAfter), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var backOff = options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var delay = retryAfter ?? backOff;
        return delay > options.RetryMaxDelay ? options.RetryMaxDelay : delay;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
