using System.Security.Cryptography;
using System.Text.Json;

namespace BatchInference.Orchestrations.PromptCaching;

/// <summary>
/// Reads a request body into <see cref="PromptSegment"/>s without changing it: for Anthropic Messages each tool, each
/// system block and each message's content block (a string is one block), the order Claude's cache reads; for OpenAI
/// chat the tools and then each message. Also says whether the user already set the cache field the hints would add
/// (<c>prompt_cache_key</c>; any <c>cache_control</c>). Tokens are estimated at four bytes each: a threshold check only.
/// </summary>
internal static class PromptSegments
{
    public const int BytesPerToken = 4;

    /// <summary>The segments, and whether the user set the cache field; empty for a body that cannot be read.</summary>
    public static (IReadOnlyList<PromptSegment> Segments, bool UserSetCacheField) Read(ReadOnlyMemory<byte> body, bool anthropic)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ([], false);
            }

            using var reader = new SegmentWriter(body);
            return anthropic ? (ReadAnthropic(root, reader), body.Span.IndexOf("\"cache_control\""u8) >= 0)
                : (ReadOpenAI(root, reader), root.TryGetProperty("prompt_cache_key", out _));
        }
        catch (JsonException)
        {
            // Bodies were validated at intake; one that cannot be read gets no hints and goes as it is.
            return ([], false);
        }
    }

    private static List<PromptSegment> ReadOpenAI(JsonElement root, SegmentWriter segments)
    {
        if (root.TryGetProperty("tools", out var tools))
        {
            segments.Add(tools);
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                segments.Add(message);
            }
        }

        return segments.Segments;
    }

    private static List<PromptSegment> ReadAnthropic(JsonElement root, SegmentWriter segments)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                segments.Add(tool);
            }
        }

        if (root.TryGetProperty("system", out var system))
        {
            AddContent(system, segments);
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
                {
                    // The role is part of the prefix: the same text as a user and as an assistant turn is not the same prompt.
                    segments.Mark(message.TryGetProperty("role", out var role) ? role.GetRawText() : string.Empty);
                    AddContent(content, segments);
                }
            }
        }

        return segments.Segments;
    }

    private static void AddContent(JsonElement content, SegmentWriter segments)
    {
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                segments.Add(block);
            }
        }
        else if (content.ValueKind == JsonValueKind.String)
        {
            segments.Add(content);
        }
    }

    // Chains a SHA-256 over the raw JSON of every segment so far; positions come from the element's raw text, found in
    // the body after the previous segment (JsonElement does not expose offsets).
    private sealed class SegmentWriter(ReadOnlyMemory<byte> body) : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private int _searchFrom;
        private int _bytes;

        public List<PromptSegment> Segments { get; } = [];

        public void Mark(string text) => _hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text + "\u0000"));

        public void Add(JsonElement element)
        {
            var raw = System.Text.Encoding.UTF8.GetBytes(element.GetRawText());
            var at = body.Span[_searchFrom..].IndexOf(raw);
            if (at < 0)
            {
                return;
            }

            var start = _searchFrom + at;
            _searchFrom = start + raw.Length;
            _hash.AppendData(raw);
            _hash.AppendData([0]);
            _bytes += raw.Length;
            Span<byte> digest = stackalloc byte[32];
            _hash.GetCurrentHash(digest);
            Segments.Add(new PromptSegment(
                new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..])), _bytes / BytesPerToken, start, raw.Length,
                element.ValueKind == JsonValueKind.String));
        }

        public void Dispose() => _hash.Dispose();
    }
}
