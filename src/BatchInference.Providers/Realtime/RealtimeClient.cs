using System.Globalization;
using BatchInference.Providers.RateLimiting;
using BatchInference.Providers.Resilience;
using BatchInference.Providers.Telemetry;
using BatchInference.Providers.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;

namespace BatchInference.Providers.Realtime;

/// <summary>
/// Sends single requests to one provider in real time, byte for byte, under the provider's rate limits and one
/// resilience pipeline (retry honouring <c>Retry-After</c>, circuit breaker, per-attempt timeout). OpenAI-protocol
/// endpoints (<see cref="ProviderKind.OpenAI"/>, <see cref="ProviderKind.AzureOpenAI"/>) go through the official OpenAI
/// SDK's protocol methods; <see cref="ProviderKind.Anthropic"/> endpoints take <c>/v1/messages</c> requests. Thread-safe:
/// share one instance per provider so its limits and circuit are shared.
/// </summary>
public sealed class RealtimeClient
{
    private readonly string _provider;
    private readonly TimeSpan _maxPause;
    private readonly int _defaultOutputTokens;
    private readonly IProviderRequestSender _sender;
    private readonly ProviderRateLimiter _limiter;
    private readonly ResiliencePipeline<ProviderResponse> _pipeline;
    private readonly ProviderHealth _health = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a client for the endpoint; the options are read once, here.</summary>
    /// <param name="options">The endpoint, its key and limits; must be valid.</param>
    /// <param name="timeProvider">The clock for rate limits, retry delays, timeouts and attempt times.</param>
    /// <param name="logger">Where attempt failures, pauses and circuit changes are logged; bodies and keys never are.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RealtimeClient(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger<RealtimeClient>? logger = null)
        : this(options, timeProvider, logger, Random.Shared.NextDouble)
    {
    }

    internal RealtimeClient(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger? logger, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        options.ThrowIfInvalid(nameof(options));

        _provider = options.Name;
        _maxPause = options.MaxRetryDelay;
        _defaultOutputTokens = options.DefaultOutputTokens;
        MaxConcurrency = options.MaxConcurrency;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _sender = options.Kind == ProviderKind.Anthropic
            ? new AnthropicMessagesSender(options, timeProvider)
            : new OpenAIProtocolSender(options, timeProvider);
        _limiter = new ProviderRateLimiter(options.RequestsPerMinute, options.TokensPerMinute, options.RateLimitBurst, timeProvider);
        _pipeline = ProviderResiliencePipeline.Build(options, _limiter, timeProvider, _logger, random, _health);
    }

    /// <summary>Most requests this client should have in flight at once (<see cref="ProviderEndpointOptions.MaxConcurrency"/>).</summary>
    public int MaxConcurrency { get; }

    internal ProviderRateLimiter RateLimiter => _limiter;

    /// <summary>
    /// Sends the request, retrying what is worth retrying, and returns its outcome. Provider errors, exhausted retries,
    /// an open circuit, a passed <see cref="RealtimeRequest.Deadline"/> and requests that cannot be sent as written are
    /// outcomes, not exceptions.
    /// </summary>
    /// <param name="request">The request; its body is sent unchanged.</param>
    /// <param name="cancellationToken">
    /// Cancelling stops everything for this request: a wait for rate-limit permits or between retries, and the HTTP call
    /// in flight (its answer, even if the provider bills it, is never seen). No outcome is returned.
    /// </param>
    /// <returns>The outcome, with every attempt made.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<RealtimeOutcome> SendAsync(RealtimeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var call = new RealtimeCall(request, cancellationToken);
        if (!_sender.Supports(request.Url))
        {
            return call.Failed(RealtimeErrorCodes.UnsupportedUrl, $"URL '{request.Url}' is not supported for real-time calls.");
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var line = new LineAttempts(request.Deadline);
        Outcome<ProviderResponse> outcome;
        try
        {
            context.Properties.Set(LineAttempts.Key, line);
            context.Properties.Set(
                RateLimitStrategy.EstimatedTokensKey,
                RequestTokenEstimator.Estimate(request.Body.Span, request.Url, _defaultOutputTokens));
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Client.AttemptAsync(ctx, state.Call),
                context,
                (Client: this, Call: call)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return ProviderTelemetry.RequestEnded(_provider, request.Model, Conclude(call, line, outcome));
    }

    private async ValueTask<Outcome<ProviderResponse>> AttemptAsync(ResilienceContext context, RealtimeCall call)
    {
        var request = call.Request;
        var attempt = call.NextAttempt;
        var clientRequestId = HeaderText.Encode(string.Create(CultureInfo.InvariantCulture, $"{request.ClientRequestIdPrefix}:{attempt}"));
        var startedAt = _timeProvider.GetUtcNow();
        using var activity = ProviderTelemetry.StartAttempt(_provider, request, attempt);
        try
        {
            var response = await _sender.SendAsync(request.Url, request.Model, request.Body, clientRequestId, context.CancellationToken)
                .ConfigureAwait(false);
            var usage = response.IsSuccess ? TokenUsageParser.Parse(response.Body) : null;
            var error = response.IsSuccess ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {response.StatusCode}");
            call.Record(new AttemptRecord(attempt, response.StatusCode, response.RequestId, startedAt, _timeProvider.GetUtcNow(), usage, error), response);
            ProviderTelemetry.AttemptAnswered(activity, _provider, request.Model, response.StatusCode, usage);
            ObserveLimits(response);
            LogAttempt(request.CustomId, attempt, response.StatusCode);
            return Outcome.FromResult(response);
        }
        catch (Exception exception) when (TransientFailure.IsTransient(exception, call.CallerToken))
        {
            // Either the attempt timed out (the pipeline cancelled our token) or the transport failed.
            var error = exception is OperationCanceledException ? "attempt timed out" : exception.Message;
            call.Record(new AttemptRecord(attempt, null, null, startedAt, _timeProvider.GetUtcNow(), null, error), null);
            ProviderTelemetry.AttemptFailed(activity, exception);
            Log.AttemptFailedException(_logger, _provider, request.CustomId, attempt, error);
            return Outcome.FromException<ProviderResponse>(exception);
        }
        catch (OperationCanceledException exception) when (call.CallerToken.IsCancellationRequested)
        {
            // Not an attempt failure: the caller gave up. Returned as an outcome so Polly unwinds without retrying.
            return Outcome.FromException<ProviderResponse>(exception);
        }
        catch (Exception exception) when (TransientFailure.IsClientSide(exception))
        {
            // The request cannot be made as written: the same next time, and nothing to do with the provider.
            call.Record(new AttemptRecord(attempt, null, null, startedAt, _timeProvider.GetUtcNow(), null, exception.Message), null);
            ProviderTelemetry.AttemptFailed(activity, exception);
            return Outcome.FromException<ProviderResponse>(exception);
        }
    }

    private void ObserveLimits(ProviderResponse response)
    {
        _limiter.Observe(response.Hints);
        if (response.Hints.PauseFor(response.StatusCode, _limiter.PacesRequests, _limiter.PacesTokens) is not { } pause || pause <= TimeSpan.Zero)
        {
            return;
        }

        // A hint longer than our own retry cap is clamped: an absurd header must not freeze the whole provider.
        var until = _timeProvider.GetUtcNow() + (pause < _maxPause ? pause : _maxPause);
        if (_limiter.PauseUntil(until))
        {
            Log.RateLimitPaused(_logger, _provider, response.StatusCode, until);
        }
    }

    private void LogAttempt(string customId, int attempt, int statusCode)
    {
        if (statusCode == 429)
        {
            Log.AttemptThrottled(_logger, _provider, customId, attempt);
        }
        else if (TransientFailure.IsRetryableStatus(statusCode))
        {
            Log.AttemptFailedStatus(_logger, _provider, customId, attempt, statusCode);
        }
    }

    private RealtimeOutcome Conclude(RealtimeCall call, LineAttempts line, Outcome<ProviderResponse> outcome)
    {
        var customId = call.Request.CustomId;
        if (line.Stop == LineStop.Deadline)
        {
            // Turned away by the open circuit, the line may never have reached the provider: name what the others got.
            var last = outcome.Exception is BrokenCircuitException ? _health.LastFailure ?? "the circuit was open" : TransientFailure.Describe(outcome);
            var detail = outcome.Result is { } answer ? ProviderErrorBody.ReadMessage(answer.Body) : null;
            Log.RequestFailed(_logger, _provider, customId, call.Attempts.Count, RealtimeErrorCodes.DeadlineExceeded);
            return call.Failed(
                RealtimeErrorCodes.DeadlineExceeded,
                $"The deadline left no time for another attempt at provider '{_provider}' after {call.Attempts.Count} attempts; the last provider error: {last}{(detail is null ? string.Empty : $" ({detail})")}.");
        }

        if (outcome.Exception is { } exception)
        {
            RealtimeOutcome failed;
            if (TransientFailure.IsClientSide(exception))
            {
                failed = call.Failed(RealtimeErrorCodes.ClientError, $"The request could not be sent as written, so it was not retried: {exception.Message}");
            }
            else if (exception is BrokenCircuitException)
            {
                failed = call.Failed(RealtimeErrorCodes.CircuitOpen, $"The circuit for provider '{_provider}' is open: it has been failing.");
            }
            else if (TransientFailure.IsTransient(exception, call.CallerToken))
            {
                failed = call.Failed(RealtimeErrorCodes.RetriesExhausted, $"No attempt succeeded; the last failed with: {exception.Message}");
            }
            else
            {
                // Caller cancellation, or a bug: surface it unchanged.
                outcome.ThrowIfException();
                throw new InvalidOperationException("Unreachable: the outcome held an exception.", exception);
            }

            Log.RequestFailed(_logger, _provider, customId, call.Attempts.Count, failed.ErrorCode!);
            return failed;
        }

        var response = outcome.Result!;
        if (response.IsSuccess)
        {
            return call.Succeeded(response);
        }

        var message = ProviderErrorBody.ReadMessage(response.Body)
            ?? string.Create(CultureInfo.InvariantCulture, $"The provider answered HTTP {response.StatusCode}.");
        if (TransientFailure.IsRetryableStatus(response.StatusCode))
        {
            Log.RequestFailed(_logger, _provider, customId, call.Attempts.Count, RealtimeErrorCodes.RetriesExhausted);
            return call.Failed(RealtimeErrorCodes.RetriesExhausted, message);
        }

        Log.RequestRejected(_logger, _provider, customId, response.StatusCode);
        return call.Failed(RealtimeErrorCodes.ProviderRejected, message);
    }
}
