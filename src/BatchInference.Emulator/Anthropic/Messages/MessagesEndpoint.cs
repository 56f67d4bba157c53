using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using BatchInference.Emulator.RateLimits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Anthropic.Messages;

/// <summary>
/// Anthropic's <c>POST /v1/messages</c>: require <c>anthropic-version</c>, validate, rate-limit (429
/// <c>rate_limit_error</c> with <c>retry-after</c> and <c>anthropic-ratelimit-*</c>), maybe fail (500 api_error, 529
/// overloaded_error), answer deterministically, bill under provider anthropic.
/// </summary>
internal sealed class MessagesEndpoint(EmulatorState state, ModelCallGate gate, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        call.Provider = EmulatorProviders.Anthropic;
        if (!await AnthropicVersionHeader.RequireAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var body = await RequestBodyReader.ReadPromptAsync(context.Request, call.RequestId, logger, cancellationToken).ConfigureAwait(false);

        MessageRequest request;
        try
        {
            request = MessageRequestParser.Parse(body);
        }
        catch (AnthropicRequestException exception)
        {
            Log.InvalidRequest(logger, call.RequestId, exception.Message);
            await AnthropicErrors.WriteInvalidRequestAsync(context.Response, exception.Message, call.RequestId, cancellationToken).ConfigureAwait(false);
            return;
        }

        call.Model = request.Model;
        var verdict = await gate.PassAsync(context, request.TokenCost, cancellationToken).ConfigureAwait(false);
        AnthropicRateLimitHeaders.Write(context.Response, verdict.Limits, state.Time.GetUtcNow());
        if (!verdict.Limits.Allowed)
        {
            var message = verdict.Limits.Rejection == RateLimitKind.Requests
                ? "This request would exceed your organization's rate limit of requests per minute. See the response headers for current usage and https://docs.claude.com/en/api/rate-limits."
                : "This request would exceed your organization's rate limit of input tokens per minute. See the response headers for current usage and https://docs.claude.com/en/api/rate-limits.";
            await AnthropicErrors.WriteAsync(
                context.Response, StatusCodes.Status429TooManyRequests, AnthropicErrors.RateLimitError, message, call.RequestId, cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        if (verdict.Fault is { } fault)
        {
            var overloaded = fault.StatusCode == StatusCodes.Status503ServiceUnavailable;
            await AnthropicErrors.WriteAsync(
                context.Response,
                overloaded ? AnthropicErrors.OverloadedStatus : StatusCodes.Status500InternalServerError,
                overloaded ? AnthropicErrors.OverloadedError : AnthropicErrors.ApiError,
                overloaded ? "Overloaded" : "Internal server error",
                call.RequestId,
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var answer = MessageAnswerer.Answer(request, body, MessageAnswerer.StandardTier, state.AnthropicCache);
        call.Bill(answer.PromptTokens, answer.CachedTokens, answer.CompletionTokens, answer.CacheWriteTokens);
        await JsonResponses.WriteBytesAsync(context.Response, answer.StatusCode, answer.Body, cancellationToken).ConfigureAwait(false);
    }
}
