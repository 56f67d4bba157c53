using BatchInference.Emulator.Anthropic;
using BatchInference.Emulator.Anthropic.Messages;
using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.OpenAI;
using BatchInference.Emulator.OpenAI.Chat;
using BatchInference.Emulator.OpenAI.Completions;
using BatchInference.Emulator.OpenAI.Embeddings;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Batches;

/// <summary>
/// Answers one batch request with the same code that answers it in real time, chosen by its URL. Batch lines skip the
/// real-time rate limits, injected 5xx and latency: a provider's batch queue has its own limits, and the batch knobs
/// (speed, stall, expiry) model its behaviour instead.
/// </summary>
internal sealed class BatchLineAnswerer(EmulatorState state)
{
    private readonly ChatCompletionAnswerer _chat = new(state);

    public ModelAnswer Answer(string url, byte[] body)
    {
        try
        {
            return url switch
            {
                EmulatorRoutes.ChatCompletions => _chat.AnswerLine(body),
                EmulatorRoutes.Embeddings => EmbeddingsAnswerer.AnswerLine(body),
                EmulatorRoutes.Completions => CompletionsAnswerer.AnswerLine(body, state.Time.GetUtcNow()),
                EmulatorRoutes.AnthropicMessages => MessageAnswerer.AnswerLine(body, state.AnthropicCache),
                _ => ModelAnswer.Refused(
                    StatusCodes.Status404NotFound,
                    OpenAIErrors.Serialize($"Invalid URL (POST {url})", OpenAIErrors.InvalidRequestType, param: null, code: null),
                    model: null),
            };
        }
#pragma warning disable CA1031 // One line's unexpected failure must not stop the batch: it becomes that line's 500, as on a provider.
        catch (Exception)
#pragma warning restore CA1031
        {
            var body500 = url == EmulatorRoutes.AnthropicMessages
                ? AnthropicErrors.Serialize(AnthropicErrors.ApiError, "Internal server error", requestId: null)
                : OpenAIErrors.Serialize(OpenAIErrors.ServerError, "server_error", param: null, code: null);
            return ModelAnswer.Refused(StatusCodes.Status500InternalServerError, body500, model: null);
        }
    }
}
