using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Builds the body of a Message Batches create call, <c>{"requests":[{"custom_id","params":&lt;body&gt;}]}</c>, with each
/// line's body as its <c>params</c> exactly as given.
/// </summary>
internal static class AnthropicBatchRequests
{
    public static MemoryStream Write(IReadOnlyList<BatchInputLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var stream = new MemoryStream();
        stream.Write("{\"requests\":["u8);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            BatchBodyCheck.RequireObject(line);
            stream.Write(i == 0 ? "{\"custom_id\":"u8 : ",{\"custom_id\":"u8);
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(line.CustomId));
            stream.Write(",\"params\":"u8);
            stream.Write(line.Body.Span);
            stream.Write("}"u8);
        }

        stream.Write("]}"u8);
        stream.Position = 0;
        return stream;
    }
}
