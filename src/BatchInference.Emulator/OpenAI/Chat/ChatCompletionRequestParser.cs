using System.Text;
using System.Text.Json;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>
/// Reads a chat completion body as raw JSON: checks what OpenAI checks (model, messages, types of the fields the
/// emulator uses) and ignores every field it does not know, so any client's body is accepted.
/// </summary>
internal static class ChatCompletionRequestParser
{
    public const int MaxChoices = 128;

    /// <exception cref="OpenAIRequestException">The body is one OpenAI would reject with 400.</exception>
    public static ChatCompletionRequest Parse(byte[] body)
    {
        using var document = JsonBodyFields.ParseObject(body);
        var root = document.RootElement;
        var model = JsonBodyFields.RequiredModel(root);
        var messages = ReadMessages(root);
        if (JsonBodyFields.OptionalBool(root, "stream"))
        {
            throw new OpenAIRequestException(
                "The emulator does not stream yet; send the request without 'stream'.", "stream", "unsupported_value");
        }

        var maxTokens = JsonBodyFields.OptionalInt(root, "max_completion_tokens", 1, int.MaxValue)
            ?? JsonBodyFields.OptionalInt(root, "max_tokens", 1, int.MaxValue);
        var choices = JsonBodyFields.OptionalInt(root, "n", 1, MaxChoices) ?? 1;
        var serviceTier = JsonBodyFields.OptionalString(root, "service_tier");
        var tools = root.TryGetProperty("tools", out var toolsElement) && toolsElement.ValueKind == JsonValueKind.Array
            ? toolsElement.GetRawText()
            : string.Empty;
        var cacheKey = JsonBodyFields.OptionalString(root, "prompt_cache_key");
        return new ChatCompletionRequest(model, messages, tools, maxTokens, choices, serviceTier, cacheKey);
    }

    private static List<ChatPromptMessage> ReadMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            throw JsonBodyFields.Missing("messages");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw JsonBodyFields.InvalidType("messages", "an array", messages);
        }

        if (messages.GetArrayLength() == 0)
        {
            throw new OpenAIRequestException(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                "messages",
                "empty_array");
        }

        var result = new List<ChatPromptMessage>(messages.GetArrayLength());
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            result.Add(ReadMessage(message, $"messages[{index}]"));
            index++;
        }

        return result;
    }

    private static ChatPromptMessage ReadMessage(JsonElement message, string param)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw JsonBodyFields.InvalidType(param, "an object", message);
        }

        if (!message.TryGetProperty("role", out var role) || role.ValueKind == JsonValueKind.Null)
        {
            throw JsonBodyFields.Missing($"{param}.role");
        }

        if (role.ValueKind != JsonValueKind.String)
        {
            throw JsonBodyFields.InvalidType($"{param}.role", "a string", role);
        }

        var extraTokens = 0;
        if (message.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            extraTokens += TokenEstimator.NameTokens;
        }

        if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            extraTokens += TokenEstimator.CountText(toolCalls.GetRawText());
        }

        var text = new StringBuilder();
        if (message.TryGetProperty("content", out var content))
        {
            extraTokens += ReadContent(content, $"{param}.content", text);
        }

        return new ChatPromptMessage(role.GetString()!, text.ToString(), extraTokens);
    }

    // Appends the text parts; returns the tokens of the non-text parts (images, audio, files).
    private static int ReadContent(JsonElement content, string param, StringBuilder text)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.Null:
                return 0;
            case JsonValueKind.String:
                text.Append(content.GetString());
                return 0;
            case JsonValueKind.Array:
                var extra = 0;
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object &&
                        part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                    {
                        text.Append(partText.GetString());
                    }
                    else if (part.ValueKind == JsonValueKind.Object &&
                        part.TryGetProperty("type", out var type) && type.ValueEquals("image_url"))
                    {
                        extra += TokenEstimator.ImagePartTokens;
                    }
                    else
                    {
                        extra += TokenEstimator.CountText(part.GetRawText());
                    }
                }

                return extra;
            default:
                throw JsonBodyFields.InvalidType(param, "a string or an array", content);
        }
    }
}
