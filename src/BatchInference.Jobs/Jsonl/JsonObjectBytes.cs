using System.Text.Json;

namespace BatchInference.Jobs.Jsonl;

/// <summary>Checks and compacts raw JSON object bytes without building a document.</summary>
internal static class JsonObjectBytes
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>Whether <paramref name="json"/> is exactly one well-formed JSON object (whitespace around it allowed).</summary>
    public static bool IsSingleObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the bytes contain a line break, which a JSONL line cannot carry.</summary>
    public static bool HasLineBreak(ReadOnlySpan<byte> json) => json.IndexOfAny((byte)'\n', (byte)'\r') >= 0;

    /// <summary>
    /// Copies <paramref name="json"/> to <paramref name="destination"/> without the whitespace between tokens; string
    /// contents, numbers and key order are copied byte for byte. <paramref name="destination"/> must be at least as
    /// long as the input. Returns the bytes written.
    /// </summary>
    public static int RemoveInsignificantWhitespace(ReadOnlySpan<byte> json, Span<byte> destination)
    {
        var written = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in json)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }

            destination[written++] = b;
        }

        return written;
    }
}
