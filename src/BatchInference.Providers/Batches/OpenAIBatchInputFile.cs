using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Writes an OpenAI batch input file: one <c>{"custom_id","method":"POST","url","body"}</c> line per request. The body
/// is copied byte for byte, except that line breaks in it (whitespace between JSON tokens; inside strings they are
/// always escaped) become spaces, since a line break would end the JSONL line.
/// </summary>
internal static class OpenAIBatchInputFile
{
    public static MemoryStream Write(string url, IReadOnlyList<BatchInputLine> lines)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentNullException.ThrowIfNull(lines);
        var urlJson = JsonSerializer.SerializeToUtf8Bytes(url);
        var stream = new MemoryStream();
        foreach (var line in lines)
        {
            BatchBodyCheck.RequireObject(line);
            stream.Write("{\"custom_id\":"u8);
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(line.CustomId));
            stream.Write(",\"method\":\"POST\",\"url\":"u8);
            stream.Write(urlJson);
            stream.Write(",\"body\":"u8);
            WriteOnOneLine(stream, line.Body.Span);
            stream.Write("}\n"u8);
        }

        stream.Position = 0;
        return stream;
    }

    private static void WriteOnOneLine(Stream stream, ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            var lineBreak = body.IndexOfAny((byte)'\n', (byte)'\r');
            if (lineBreak < 0)
            {
                stream.Write(body);
                return;
            }

            stream.Write(body[..lineBreak]);
            stream.WriteByte((byte)' ');
            body = body[(lineBreak + 1)..];
        }
    }
}
