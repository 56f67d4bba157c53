using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI.Completions;

/// <summary><c>POST /v1/completions</c> (legacy completions): validate, rate-limit, maybe fail, answer, bill.</summary>
internal sealed class CompletionsEndpoint(EmulatorState state, ModelCallGate gate, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        var body = await RequestBodyReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        try
        {
            var (request, choices, promptTokens) = CompletionsAnswerer.Plan(body);
            call.Model = request.Model;
            var tokenCost = promptTokens + (request.MaxCompletionTokens ?? 0) * request.ChoiceCount;
            if (!await gate.AdmitAsync(context, request.Model, tokenCost, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var answer = CompletionsAnswerer.Answer(request, choices, promptTokens, state.Time.GetUtcNow());
            call.Bill(answer.PromptTokens, answer.CachedTokens, answer.CompletionTokens);
            await JsonResponses.WriteBytesAsync(context.Response, answer.StatusCode, answer.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (OpenAIRequestException exception)
        {
            Log.InvalidRequest(logger, call.RequestId, exception.Message);
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
        }
    }
}
