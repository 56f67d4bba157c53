using System.Text;
using System.Text.Json;

namespace BatchInference.Orchestrations.PromptCaching;

/// <summary>
/// Applies a <see cref="CacheHint"/> by splicing bytes, so everything else in the body stays as the user wrote it: a
/// <c>"prompt_cache_key"</c> member right after the opening brace, or a <c>"cache_control":{"type":"ephemeral"}</c>
/// member right after a block's opening brace (a string content becomes the one text block Anthropic documents as
/// equivalent, so it can carry the breakpoint).
/// </summary>
internal static class CacheHintBody
{
    private const string AnthropicMessages = "/v1/messages";
    private const string ChatCompletions = "/v1/chat/completions";
    private static readonly byte[] Ephemeral = "\"cache_control\":{\"type\":\"ephemeral\"}"u8.ToArray();

    /// <summary>True for Anthropic Messages, false for OpenAI chat completions, null for urls the hints leave alone.</summary>
    public static bool? ProviderOf(string url) => url switch
    {
        AnthropicMessages => true,
        ChatCompletions => false,
        _ => null,
    };

    public static ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> body, CacheHint hint)
    {
        var span = body.Span;
        if (hint.PromptCacheKey is { } key)
        {
            var open = span.IndexOf((byte)'{');
            return open < 0 ? body : Splice(span, open + 1, 0, Encoding.UTF8.GetBytes($"\"prompt_cache_key\":{JsonSerializer.Serialize(key)},"));
        }

        if (hint.Breakpoint is not { } block || block.Start + block.Length > span.Length)
        {
            return body;
        }

        if (block.IsString)
        {
            var text = span.Slice(block.Start, block.Length);
            byte[] replacement = [.. "[{\"type\":\"text\",\"text\":"u8, .. text, (byte)',', .. Ephemeral, .. "}]"u8];
            return Splice(span, block.Start, block.Length, replacement);
        }

        var inner = span.Slice(block.Start + 1, block.Length - 1).IndexOfAnyExcept(" \t\r\n"u8);
        if (span[block.Start] != (byte)'{' || inner < 0 || span[block.Start + 1 + inner] == (byte)'}')
        {
            return body;
        }

        return Splice(span, block.Start + 1, 0, [.. Ephemeral, (byte)',']);
    }

    private static byte[] Splice(ReadOnlySpan<byte> body, int at, int remove, ReadOnlySpan<byte> insert)
    {
        var result = new byte[body.Length - remove + insert.Length];
        body[..at].CopyTo(result);
        insert.CopyTo(result.AsSpan(at));
        body[(at + remove)..].CopyTo(result.AsSpan(at + insert.Length));
        return result;
    }
}
