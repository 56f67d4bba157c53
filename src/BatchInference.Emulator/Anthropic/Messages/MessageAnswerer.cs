using BatchInference.Emulator.Caching;
using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using BatchInference.Emulator.OpenAI.Chat;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Anthropic.Messages;

/// <summary>
/// The emulated Claude model, shared by <c>POST /v1/messages</c> and Message Batch requests. It is the chat model's
/// generator and token estimator behind Anthropic's shapes, so the same prompt gets the same reply either way. Only
/// prefixes the request marks with <c>cache_control</c> are cached (<see cref="AnthropicPromptCache"/>).
/// </summary>
internal static class MessageAnswerer
{
    public const string StandardTier = "standard";
    public const string BatchTier = "batch";

    /// <summary>The 200 answer; reads and writes the cache, so call it once per served request.</summary>
    public static ModelAnswer Answer(MessageRequest request, byte[] body, string serviceTier, AnthropicPromptCache cache)
    {
        var reply = ChatReplyGenerator.Generate(request.Prompt, StableHash.Of(body))[0];
        var inputTokens = request.Prompt.PromptTokens();
        var use = cache.LookupAndWrite(request.Model, request.CacheBlocks, inputTokens);
        var json = JsonResponses.Serialize(writer =>
            MessageWriter.Write(writer, EmulatorIds.NewMessageId(), request.Model, reply, inputTokens, use, serviceTier));
        return new ModelAnswer(StatusCodes.Status200OK, json, request.Model, inputTokens, use.ReadTokens, reply.CompletionTokens, use.WriteTokens);
    }

    /// <summary>A Message Batch request's answer: the message, or the 400 Anthropic would have sent for the params.</summary>
    public static ModelAnswer AnswerLine(byte[] body, AnthropicPromptCache cache)
    {
        try
        {
            return Answer(MessageRequestParser.Parse(body), body, BatchTier, cache);
        }
        catch (AnthropicRequestException exception)
        {
            return ModelAnswer.Refused(
                StatusCodes.Status400BadRequest,
                AnthropicErrors.Serialize(AnthropicErrors.InvalidRequestError, exception.Message, requestId: null),
                model: null);
        }
    }
}
