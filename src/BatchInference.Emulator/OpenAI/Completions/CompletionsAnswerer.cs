using System.Text.Json;
using BatchInference.Emulator.Determinism;
using BatchInference.Emulator.OpenAI.Chat;
using BatchInference.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.OpenAI.Completions;

/// <summary>
/// The emulated legacy completions model (<c>POST /v1/completions</c>), shared by real time and batch lines: the same
/// deterministic reply as chat gives a single user message, capped by <c>max_tokens</c> (16 when unset, OpenAI's
/// default for this endpoint), in a <c>text_completion</c> object with OpenAI's usage fields.
/// </summary>
internal static class CompletionsAnswerer
{
    private const int DefaultMaxTokens = 16;

    /// <exception cref="OpenAIRequestException">The body is one OpenAI would reject with 400.</exception>
    public static (ChatCompletionRequest Request, IReadOnlyList<ChatChoice> Choices, int PromptTokens) Plan(byte[] body)
    {
        using var document = JsonBodyFields.ParseObject(body);
        var root = document.RootElement;
        var model = JsonBodyFields.RequiredModel(root);
        var prompt = Prompt(root);
        if (JsonBodyFields.OptionalBool(root, "stream"))
        {
            throw new OpenAIRequestException("The emulator does not stream yet; send the request without 'stream'.", "stream", "unsupported_value");
        }

        var maxTokens = JsonBodyFields.OptionalInt(root, "max_tokens", 1, int.MaxValue) ?? DefaultMaxTokens;
        var n = JsonBodyFields.OptionalInt(root, "n", 1, ChatCompletionRequestParser.MaxChoices) ?? 1;
        var request = new ChatCompletionRequest(model, [new ChatPromptMessage("user", prompt, 0)], string.Empty, maxTokens, n, ServiceTier: null);
        return (request, ChatReplyGenerator.Generate(request, StableHash.Of(body)), TokenEstimator.CountText(prompt));
    }

    public static ModelAnswer Answer(ChatCompletionRequest request, IReadOnlyList<ChatChoice> choices, int promptTokens, DateTimeOffset now)
    {
        var completionTokens = choices.Sum(c => c.CompletionTokens);
        var body = JsonResponses.Serialize(writer => Write(writer, request.Model, choices, promptTokens, completionTokens, now));
        return new ModelAnswer(StatusCodes.Status200OK, body, request.Model, promptTokens, 0, completionTokens);
    }

    /// <summary>A batch line's answer: the 200 answer, or the 400 OpenAI would have sent for the body.</summary>
    public static ModelAnswer AnswerLine(byte[] body, DateTimeOffset now)
    {
        try
        {
            var (request, choices, promptTokens) = Plan(body);
            return Answer(request, choices, promptTokens, now);
        }
        catch (OpenAIRequestException exception)
        {
            return ModelAnswer.Refused(
                StatusCodes.Status400BadRequest, OpenAIErrors.Serialize(exception.Message, OpenAIErrors.InvalidRequestType, exception.Param, exception.Code), model: null);
        }
    }

    // A prompt is a string or an array of strings (joined: the emulator answers one prompt per request).
    private static string Prompt(JsonElement root)
    {
        if (!root.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null)
        {
            throw JsonBodyFields.Missing("prompt");
        }

        return prompt.ValueKind switch
        {
            JsonValueKind.String => prompt.GetString()!,
            JsonValueKind.Array when prompt.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String) =>
                string.Join('\n', prompt.EnumerateArray().Select(p => p.GetString())),
            _ => throw JsonBodyFields.InvalidType("prompt", "a string or an array of strings", prompt),
        };
    }

    private static void Write(Utf8JsonWriter writer, string model, IReadOnlyList<ChatChoice> choices, int promptTokens, int completionTokens, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "cmpl-" + Guid.NewGuid().ToString("N"));
        writer.WriteString("object", "text_completion");
        writer.WriteNumber("created", now.ToUnixTimeSeconds());
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        foreach (var choice in choices)
        {
            writer.WriteStartObject();
            writer.WriteString("text", choice.Content);
            writer.WriteNumber("index", choice.Index);
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", choice.FinishReason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", promptTokens);
        writer.WriteNumber("completion_tokens", completionTokens);
        writer.WriteNumber("total_tokens", promptTokens + completionTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
