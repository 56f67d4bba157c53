using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.Flex;
using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: validate, find flex capacity, rate-limit, maybe fail, answer deterministically,
/// bill. A <c>service_tier: "flex"</c> call is answered with <c>"service_tier": "flex"</c> and logged with tier flex.
/// </summary>
internal sealed class ChatCompletionsEndpoint(EmulatorState state, ModelCallGate gate, ChatCompletionAnswerer answerer, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        var body = await RequestBodyReader.ReadPromptAsync(context.Request, call.RequestId, logger, cancellationToken).ConfigureAwait(false);

        ChatCompletionPlan plan;
        try
        {
            plan = ChatCompletionAnswerer.Plan(body);
        }
        catch (OpenAIRequestException exception)
        {
            Log.InvalidRequest(logger, call.RequestId, exception.Message);
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        call.Model = plan.Request.Model;
        if (string.Equals(plan.Request.ServiceTier, "flex", StringComparison.Ordinal))
        {
            call.Tier = EmulatorTiers.Flex;
            var options = state.Options.Current;
            if (state.Flex.IsUnavailable(StableHash.Of(body), options.FlexUnavailableRate, options.Seed))
            {
                Log.FlexUnavailable(logger, call.RequestId, plan.Request.Model);
                await FlexErrors.WriteUnavailableAsync(context.Response, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (!await gate.AdmitAsync(context, plan.Request.Model, plan.TokenCost, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var answer = answerer.Answer(plan);
        call.Bill(answer.PromptTokens, answer.CachedTokens, answer.CompletionTokens);
        await JsonResponses.WriteBytesAsync(context.Response, answer.StatusCode, answer.Body, cancellationToken).ConfigureAwait(false);
    }
}
