using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchInference.Emulator.Caching;
using BatchInference.Emulator.OpenAI.Chat;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.Anthropic.Messages;

/// <summary>
/// Reads a Messages body (https://docs.claude.com/en/api/messages) as raw JSON: checks what Anthropic requires
/// (<c>model</c>, <c>max_tokens</c> ≥ 1, a non-empty <c>messages</c> list of user/assistant turns, <c>system</c> as a
/// string or text blocks) and ignores everything else, so any client's body is accepted. Error wording follows the
/// "field: problem" style of Anthropic's 400 messages.
/// </summary>
internal static class MessageRequestParser
{
    /// <exception cref="AnthropicRequestException">The body is one Anthropic would reject with 400.</exception>
    public static MessageRequest Parse(byte[] body)
    {
        using var document = ParseObject(body);
        var root = document.RootElement;
        var model = root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String &&
            modelElement.GetString() is { Length: > 0 } name
            ? name
            : throw new AnthropicRequestException(modelElement.ValueKind == JsonValueKind.Undefined ? "model: Field required" : "model: Input should be a valid string");
        var maxTokens = MaxTokens(root);
        if (root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            throw new AnthropicRequestException("stream: the emulator does not stream yet; send the request without 'stream'.");
        }

        var messages = new List<ChatPromptMessage>();
        if (root.TryGetProperty("system", out var system) && system.ValueKind != JsonValueKind.Null)
        {
            var text = new StringBuilder();
            var extra = ReadContent(system, "system", text);
            messages.Add(new ChatPromptMessage("system", text.ToString(), extra));
        }

        ReadMessages(root, messages);
        var tools = root.TryGetProperty("tools", out var toolsElement) && toolsElement.ValueKind == JsonValueKind.Array
            ? toolsElement.GetRawText()
            : string.Empty;
        return new MessageRequest(
            model, maxTokens, new ChatCompletionRequest(model, messages, tools, maxTokens, ChoiceCount: 1, ServiceTier: null), AnthropicCacheBlocks.Read(root));
    }

    private static JsonDocument ParseObject(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Answered below.
        }

        throw new AnthropicRequestException("There was an issue with the request body: it must be a JSON object.");
    }

    private static int MaxTokens(JsonElement root)
    {
        if (!root.TryGetProperty("max_tokens", out var value))
        {
            throw new AnthropicRequestException("max_tokens: Field required");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var maxTokens))
        {
            throw new AnthropicRequestException("max_tokens: Input should be a valid integer");
        }

        return maxTokens >= 1 ? maxTokens : throw new AnthropicRequestException("max_tokens: Input should be greater than or equal to 1");
    }

    private static void ReadMessages(JsonElement root, List<ChatPromptMessage> into)
    {
        if (!root.TryGetProperty("messages", out var messages))
        {
            throw new AnthropicRequestException("messages: Field required");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw new AnthropicRequestException("messages: Input should be a valid list");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw new AnthropicRequestException("messages: at least one message is required");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"messages.{index}");
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw new AnthropicRequestException($"{path}: Input should be a valid dictionary");
            }

            var role = message.TryGetProperty("role", out var roleElement) && roleElement.ValueKind == JsonValueKind.String ? roleElement.GetString() : null;
            if (role is not ("user" or "assistant"))
            {
                throw new AnthropicRequestException($"{path}.role: Input should be 'user' or 'assistant'");
            }

            if (!message.TryGetProperty("content", out var content))
            {
                throw new AnthropicRequestException($"{path}.content: Field required");
            }

            var text = new StringBuilder();
            var extra = ReadContent(content, path + ".content", text);
            into.Add(new ChatPromptMessage(role, text.ToString(), extra));
            index++;
        }
    }

    // Appends the text blocks; returns the tokens of the other blocks (images, tool calls and results, documents).
    private static int ReadContent(JsonElement content, string path, StringBuilder text)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(content.GetString());
                return 0;
            case JsonValueKind.Array:
                var extra = 0;
                foreach (var block in content.EnumerateArray())
                {
                    if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var type) && type.ValueEquals("text") &&
                        block.TryGetProperty("text", out var blockText) && blockText.ValueKind == JsonValueKind.String)
                    {
                        text.Append(blockText.GetString());
                    }
                    else if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var imageType) && imageType.ValueEquals("image"))
                    {
                        extra += TokenEstimator.ImagePartTokens;
                    }
                    else
                    {
                        extra += TokenEstimator.CountText(block.GetRawText());
                    }
                }

                return extra;
            default:
                throw new AnthropicRequestException($"{path}: Input should be a valid string or a list of content blocks");
        }
    }
}
