using System.Text;
using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary><c>POST /v1/chat/completions</c>: validate, rate-limit, maybe fail, answer deterministically, bill.</summary>
internal sealed class ChatCompletionsEndpoint(EmulatorState state, ModelCallGate gate, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        var body = await RequestBodyReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            Log.RequestBody(logger, call.RequestId, Encoding.UTF8.GetString(body));
        }

        ChatCompletionRequest request;
        try
        {
            request = ChatCompletionRequestParser.Parse(body);
        }
        catch (OpenAIRequestException exception)
        {
            Log.InvalidRequest(logger, call.RequestId, exception.Message);
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        call.Model = request.Model;
        var choices = ChatReplyGenerator.Generate(request, StableHash.Of(body));
        var promptTokens = request.PromptTokens();
        var completionTokens = choices.Sum(c => c.CompletionTokens);

        // Like OpenAI, the token limiter charges the prompt plus the most the reply may use.
        var tokenCost = promptTokens + (request.MaxCompletionTokens is int max ? max * request.ChoiceCount : completionTokens);
        if (!await gate.AdmitAsync(context, request.Model, tokenCost, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var cachedTokens = state.PromptCache.LookupAndRemember(request.Model, request.CacheText(), promptTokens);
        call.Bill(promptTokens, cachedTokens, completionTokens);
        var fingerprint = "fp_" + StableHash.Hex(StableHash.Of(request.Model), 10);
        await JsonResponses.WriteAsync(
            context.Response,
            StatusCodes.Status200OK,
            writer => ChatCompletionWriter.Write(
                writer, EmulatorIds.NewChatCompletionId(), state.Time.GetUtcNow(), request, choices, promptTokens, cachedTokens, fingerprint),
            cancellationToken).ConfigureAwait(false);
    }
}
