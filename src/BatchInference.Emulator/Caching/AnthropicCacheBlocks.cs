using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BatchInference.Emulator.Anthropic;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.Caching;

/// <summary>
/// Lists a Messages body's blocks in the order Claude's cache reads them (each tool, then each system block, then each
/// message's content blocks; a string is one block), with a running digest and token estimate of the prompt so far.
/// </summary>
internal static class AnthropicCacheBlocks
{
    public const int MaxBreakpoints = 4;

    /// <exception cref="AnthropicRequestException">More than <see cref="MaxBreakpoints"/> blocks carry <c>cache_control</c>.</exception>
    public static IReadOnlyList<AnthropicCacheBlock> Read(JsonElement root)
    {
        var blocks = new List<AnthropicCacheBlock>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tokens = 0;

        void Add(string role, JsonElement block, int framingTokens)
        {
            var text = block.ValueKind == JsonValueKind.String ? block.GetString()!
                : block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!
                : block.GetRawText();
            hash.AppendData(Encoding.UTF8.GetBytes(role + "\u0000" + text + "\u0000"));
            tokens += framingTokens + TokenEstimator.CountText(text);
            Span<byte> digest = stackalloc byte[32];
            hash.GetCurrentHash(digest);
            var marked = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("cache_control", out var control) && control.ValueKind == JsonValueKind.Object;
            blocks.Add(new AnthropicCacheBlock(new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..])), tokens, marked));
        }

        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                Add("tool", tool, 0);
            }
        }

        if (root.TryGetProperty("system", out var system))
        {
            AddContent("system", system, Add);
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
                {
                    var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : string.Empty;
                    AddContent(role, content, Add);
                }
            }
        }

        var marked = blocks.Count(b => b.Breakpoint);
        return marked <= MaxBreakpoints
            ? blocks
            : throw new AnthropicRequestException($"A maximum of {MaxBreakpoints} blocks with cache_control may be provided. Found {marked}.");
    }

    // The first block of a turn also carries the turn's framing tokens, as the token estimator counts them.
    private static void AddContent(string role, JsonElement content, Action<string, JsonElement, int> add)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            add(role, content, TokenEstimator.PerMessageTokens);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            var framing = TokenEstimator.PerMessageTokens;
            foreach (var block in content.EnumerateArray())
            {
                add(role, block, framing);
                framing = 0;
            }
        }
    }
}
