using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>The emulated embedding model, shared by <c>POST /v1/embeddings</c> and batch lines.</summary>
internal static class EmbeddingsAnswerer
{
    /// <summary>The 200 answer: deterministic vectors in OpenAI's <c>list</c> object.</summary>
    public static ModelAnswer Answer(EmbeddingRequest request)
    {
        var vectors = request.Inputs.Select(input => EmbeddingVectorGenerator.Generate(request.Model, input, request.Dimensions)).ToList();
        var body = JsonResponses.Serialize(writer => EmbeddingListWriter.Write(writer, request, vectors));
        return new ModelAnswer(StatusCodes.Status200OK, body, request.Model, request.PromptTokens(), 0, 0);
    }

    /// <summary>A batch line's answer: the 200 answer, or the 400 OpenAI would have sent for the body.</summary>
    public static ModelAnswer AnswerLine(byte[] body)
    {
        try
        {
            return Answer(EmbeddingRequestParser.Parse(body));
        }
        catch (OpenAIRequestException exception)
        {
            return ModelAnswer.Refused(
                StatusCodes.Status400BadRequest,
                OpenAIErrors.Serialize(exception.Message, OpenAIErrors.InvalidRequestType, exception.Param, exception.Code),
                model: null);
        }
    }
}
