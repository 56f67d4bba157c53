using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>
/// The emulated chat model, shared by <c>POST /v1/chat/completions</c> and batch lines so both give the same answer
/// to the same body: parse and generate (<see cref="Plan"/>), then consult the prompt cache and write the
/// <c>chat.completion</c> object (<see cref="Answer"/>).
/// </summary>
internal sealed class ChatCompletionAnswerer(EmulatorState state)
{
    /// <exception cref="OpenAIRequestException">The body is one OpenAI would reject with 400.</exception>
    public static ChatCompletionPlan Plan(byte[] body)
    {
        var request = ChatCompletionRequestParser.Parse(body);
        var choices = ChatReplyGenerator.Generate(request, StableHash.Of(body));
        return new ChatCompletionPlan(request, choices, request.PromptTokens(), choices.Sum(c => c.CompletionTokens));
    }

    /// <summary>The 200 answer; remembers the prompt for the cache, so call it once per served request.</summary>
    public ModelAnswer Answer(ChatCompletionPlan plan)
    {
        var request = plan.Request;
        var cachedTokens = state.PromptCache.LookupAndRemember(request.Model, request.CacheText(), plan.PromptTokens, request.PromptCacheKey);
        var fingerprint = "fp_" + StableHash.Hex(StableHash.Of(request.Model), 10);
        var body = JsonResponses.Serialize(writer => ChatCompletionWriter.Write(
            writer, EmulatorIds.NewChatCompletionId(), state.Time.GetUtcNow(), request, plan.Choices, plan.PromptTokens, cachedTokens, fingerprint));
        return new ModelAnswer(StatusCodes.Status200OK, body, request.Model, plan.PromptTokens, cachedTokens, plan.CompletionTokens);
    }

    /// <summary>A batch line's answer: the 200 answer, or the 400 OpenAI would have sent for the body.</summary>
    public ModelAnswer AnswerLine(byte[] body)
    {
        try
        {
            return Answer(Plan(body));
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
