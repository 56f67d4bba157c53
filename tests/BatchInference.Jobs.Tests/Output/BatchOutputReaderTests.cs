using System.Text;
using BatchInference.Jobs.Output;

namespace BatchInference.Jobs.Tests.Output;

public sealed class BatchOutputReaderTests
{
    // The shape of OpenAI's documented batch output line, spacing and all.
    private const string OpenAiLine = """{"id": "batch_req_123", "custom_id": "request-2", "response": {"status_code": 200, "request_id": "req_123", "body": {"id": "chatcmpl-123", "object": "chat.completion", "created": 1711652795, "model": "gpt-3.5-turbo-0125", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello."}, "logprobs": null, "finish_reason": "stop"}], "usage": {"prompt_tokens": 22, "completion_tokens": 2, "total_tokens": 24}, "system_fingerprint": "fp_123"}}, "error": null}""";

    private static async Task<List<BatchOutputLine>> ReadAllAsync(string text, int maxLineBytes = BatchOutputReader.DefaultMaxLineBytes)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var lines = new List<BatchOutputLine>();
        await foreach (var line in BatchOutputReader.ReadAsync(stream, maxLineBytes))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public void Parse_OpenAiDocumentedLine_ReadsEveryFieldAndTheExactBody()
    {
        var line = BatchOutputReader.Parse(Encoding.UTF8.GetBytes(OpenAiLine));

        Assert.Equal(("batch_req_123", "request-2"), (line.Id, line.CustomId));
        Assert.Null(line.Error);
        Assert.Equal((200, "req_123"), (line.Response!.StatusCode, line.Response.RequestId));
        var body = OpenAiLine[OpenAiLine.IndexOf("{\"id\": \"chatcmpl", StringComparison.Ordinal)..OpenAiLine.IndexOf("}, \"error\"", StringComparison.Ordinal)];
        Assert.Equal(body, Encoding.UTF8.GetString(line.Response.Body.Span));
    }

    [Fact]
    public void Parse_OpenAiErrorLine_ReadsTheError()
    {
        var line = BatchOutputReader.Parse("""{"id":"batch_req_456","custom_id":"request-3","response":null,"error":{"code":"invalid_request","message":"bad"}}"""u8);

        Assert.Null(line.Response);
        Assert.Equal(new BatchOutputError("invalid_request", "bad", null), line.Error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"custom_id":"a","response":null,"error":{"code":"c","message":"m"}}""")]
    [InlineData("""{"id":"x","custom_id":"a","response":null,"error":null}""")]
    [InlineData("""{"id":"x","custom_id":"a","response":{"status_code":200,"body":{}},"error":{"code":"c","message":"m"}}""")]
    [InlineData("""{"id":"x","custom_id":"a","response":{"body":{}},"error":null}""")]
    [InlineData("""{"id":"x","custom_id":"a","response":{"status_code":200},"error":null}""")]
    [InlineData("""{"id":"x","custom_id":"a","response":{"status_code":"200","body":{}},"error":null}""")]
    [InlineData("""{"id":"x","custom_id":7,"response":null,"error":{"code":"c","message":"m"}}""")]
    [InlineData("""{"id":"x","response":null,"error":{"code":"c","message":"m"}} trailing""")]
    [InlineData("""[]""")]
    public void Parse_NotAnOutputLine_ThrowsInvalidData(string line)
    {
        Assert.Throws<InvalidDataException>(() => BatchOutputReader.Parse(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public async Task ReadAsync_WriterOutput_RoundTrips()
    {
        using var stream = new MemoryStream();
        var body = """{"id":"emb-1","data":[{"embedding":[0.1,-2.5e-3]}],"x":"é"}"""u8.ToArray();
        await using (var writer = new BatchOutputWriter(stream, "job"))
        {
            await writer.WriteResponseAsync(1, "a", 200, "req_1", body);
            await writer.WriteResponseAsync(2, "b", 500, "req_2", """{"error":{"message":"boom"}}"""u8.ToArray());
            await writer.WriteErrorAsync(4, null, "invalid_json", "Line is not valid JSON.");
        }

        var lines = await ReadAllAsync(Encoding.UTF8.GetString(stream.ToArray()));

        Assert.Equal(3, lines.Count);
        Assert.Equal((BatchRequestId.Create("job", 1), "a", 200, "req_1"), (lines[0].Id, lines[0].CustomId, lines[0].Response!.StatusCode, lines[0].Response!.RequestId));
        Assert.Equal(body, lines[0].Response!.Body.ToArray());
        Assert.Equal(500, lines[1].Response!.StatusCode);
        Assert.Null(lines[2].CustomId);
        Assert.Equal(new BatchOutputError("invalid_json", "Line is not valid JSON.", 4), lines[2].Error);
    }

    [Fact]
    public async Task ReadAsync_BlankLinesAndCrLf_AreTolerated()
    {
        var lines = await ReadAllAsync($"\r\n{OpenAiLine}\r\n  \n{OpenAiLine}");

        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task ReadAsync_CorruptLine_ThrowsWithItsLineNumber()
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync($"{OpenAiLine}\n\n{{\"id\":"));

        Assert.StartsWith("Line 3:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LineOverTheLimit_ThrowsInvalidData()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(OpenAiLine, maxLineBytes: 100));
    }
}
