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
        var promptTokens = request.PromptTokens();
        if (!await gate.AdmitAsync(context, request.Model, promptTokens, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var vectors = request.Inputs.Select(input => EmbeddingVectorGenerator.Generate(request.Model, input, request.Dimensions)).ToList();
        call.Bill(promptTokens, cachedTokens: 0, completionTokens: 0);
        await JsonResponses.WriteAsync(
            context.Response, StatusCodes.Status200OK, writer => EmbeddingListWriter.Write(writer, request, vectors), cancellationToken)
            .ConfigureAwait(false);
    }
}
