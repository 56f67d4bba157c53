using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary><c>POST /v1/embeddings</c>: validate, rate-limit, maybe fail, answer with deterministic vectors, bill.</summary>
internal sealed class EmbeddingsEndpoint(ModelCallGate gate, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        var body = await RequestBodyReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        EmbeddingRequest request;
        try
        {
            request = EmbeddingRequestParser.Parse(body);
        }
        catch (OpenAIRequestException exception)
        {
            Log.InvalidRequest(logger, call.RequestId, exception.Message);
            await OpenAIErrors.WriteInvalidRequestAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        call.Model = request.Model;
        if (!await gate.AdmitAsync(context, request.Model, request.PromptTokens(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var answer = EmbeddingsAnswerer.Answer(request);
        call.Bill(answer.PromptTokens, answer.CachedTokens, answer.CompletionTokens);
        await JsonResponses.WriteBytesAsync(context.Response, answer.StatusCode, answer.Body, cancellationToken).ConfigureAwait(false);
    }
}
