using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Output;

namespace BatchInference.Jobs.Tests.Output;

public sealed class BatchOutputWriterTests
{
    private const string JobId = "job-42";

    private static async Task<string> WriteAsync(Func<BatchOutputWriter, Task> write, BatchOutputWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        await using (var writer = new BatchOutputWriter(stream, JobId, options))
        {
            await write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement[] ParseLines(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.Split('\n')[..^1].Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
    }

    [Fact]
    public async Task WriteResponseAsync_Success_WritesOpenAiOutputShapeWithTheBodyVerbatim()
    {
        const string body = """{"id":"chatcmpl-1", "object":"chat.completion","usage":{"prompt_tokens":3 ,"x_new":1.0e2},"choices":[]}""";

        var text = await WriteAsync(w => w.WriteResponseAsync(3, "req-3", 200, "req_abc", Encoding.UTF8.GetBytes(body)).AsTask());

        Assert.Equal(
            $$"""{"id":"{{BatchRequestId.Create(JobId, 3)}}","custom_id":"req-3","response":{"status_code":200,"request_id":"req_abc","body":{{body}}},"error":null}""" + "\n",
            text);
        var line = Assert.Single(ParseLines(text));
        Assert.Equal(["id", "custom_id", "response", "error"], line.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["status_code", "request_id", "body"], line.GetProperty("response").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task WriteResponseAsync_ProviderHttpError_IsAResponseLineWithItsStatusAndNullError()
    {
        const string body = """{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""";

        var line = Assert.Single(ParseLines(await WriteAsync(w => w.WriteResponseAsync(9, "req-9", 429, null, Encoding.UTF8.GetBytes(body)).AsTask())));

        var response = line.GetProperty("response");
        Assert.Equal(429, response.GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, response.GetProperty("request_id").ValueKind);
        Assert.Equal(body, response.GetProperty("body").GetRawText());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task WriteResponseAsync_PrettyPrintedBody_IsCompactedToOneLineKeepingValues()
    {
        const string body = "{\n  \"id\": \"chatcmpl-1\",\n  \"content\": \"line one\\nline  two\",\n  \"n\": 1.50\n}";

        var text = await WriteAsync(w => w.WriteResponseAsync(1, "a", 200, "r", Encoding.UTF8.GetBytes(body)).AsTask());

        var line = Assert.Single(ParseLines(text));
        Assert.Equal("""{"id":"chatcmpl-1","content":"line one\nline  two","n":1.50}""", line.GetProperty("response").GetProperty("body").GetRawText());
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("[]")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("")]
    public async Task WriteResponseAsync_BodyNotOneJsonObject_ThrowsAndWritesNothing(string body)
    {
        var text = await WriteAsync(async w =>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => w.WriteResponseAsync(1, "a", 502, null, Encoding.UTF8.GetBytes(body)).AsTask());
            await w.WriteErrorAsync(1, "a", "provider_error", "The provider answered 502 without a JSON body.");
        });

        Assert.Equal("provider_error", Assert.Single(ParseLines(text)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WriteResponseAsync_UnvalidatedBodyWithRawLineBreakInString_StillCannotBreakTheLine()
    {
        var options = new BatchOutputWriterOptions { ValidateResponseBodies = false };

        var text = await WriteAsync(
            w => Assert.ThrowsAsync<ArgumentException>(() => w.WriteResponseAsync(1, "a", 200, null, Encoding.UTF8.GetBytes("{\"a\":\"x\ny\"}")).AsTask()),
            options);

        Assert.Equal("", text);
    }

    [Fact]
    public async Task WriteErrorAsync_NoCustomId_WritesNullResponseAndErrorWithLine()
    {
        var line = Assert.Single(ParseLines(await WriteAsync(w => w.WriteErrorAsync(12, null, "invalid_json", "Line is not valid JSON.").AsTask())));

        Assert.Equal(BatchRequestId.Create(JobId, 12), line.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("custom_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("response").ValueKind);
        var error = line.GetProperty("error");
        Assert.Equal(["code", "message", "line"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("invalid_json", "Line is not valid JSON.", 12L), (error.GetProperty("code").GetString(), error.GetProperty("message").GetString(), error.GetProperty("line").GetInt64()));
    }

    [Fact]
    public async Task WriteInvalidLineAsync_ReaderRejection_CarriesCodeMessageLineAndCustomId()
    {
        var invalid = new InvalidLine(5, "dup", JobLineErrorCodes.DuplicateCustomId, "custom_id was already used.");

        var line = Assert.Single(ParseLines(await WriteAsync(w => w.WriteInvalidLineAsync(invalid).AsTask())));

        Assert.Equal("dup", line.GetProperty("custom_id").GetString());
        Assert.Equal(JobLineErrorCodes.DuplicateCustomId, line.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(5, line.GetProperty("error").GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task WriteAsync_SameJobWrittenTwice_ProducesIdenticalBytes()
    {
        static async Task Write(BatchOutputWriter w)
        {
            await w.WriteResponseAsync(1, "a", 200, "r1", "{\"x\":1}"u8.ToArray());
            await w.WriteErrorAsync(2, "b", "retries_exhausted", "Gave up after 5 attempts.");
        }

        Assert.Equal(await WriteAsync(Write), await WriteAsync(Write));
    }

    [Fact]
    public async Task WriteErrorAsync_NonAsciiAndQuotes_AreValidJsonAndRoundTrip()
    {
        const string customId = "café-\"quoted\"-\u2028-日本";

        var line = Assert.Single(ParseLines(await WriteAsync(w => w.WriteErrorAsync(1, customId, "c", "m").AsTask())));

        Assert.Equal(customId, line.GetProperty("custom_id").GetString());
    }

    [Fact]
    public async Task WriteAsync_BelowFlushThreshold_StaysBufferedUntilFlush()
    {
        using var stream = new MemoryStream();
        var writer = new BatchOutputWriter(stream, JobId);

        await writer.WriteErrorAsync(1, "a", "c", "m");
        Assert.Equal(0, stream.Length);
        Assert.Equal(1, writer.LinesWritten);

        await writer.FlushAsync();
        Assert.True(stream.Length > 0);
        await writer.DisposeAsync();
        Assert.True(stream.CanWrite, "the writer must not dispose the stream");
    }

    [Fact]
    public async Task WriteAsync_OverFlushThreshold_WritesThrough()
    {
        using var stream = new MemoryStream();
        await using var writer = new BatchOutputWriter(stream, JobId, new BatchOutputWriterOptions { FlushThresholdBytes = 1 });

        await writer.WriteErrorAsync(1, "a", "c", "m");

        Assert.EndsWith("\n", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchOutputWriter(Stream.Null, JobId, new BatchOutputWriterOptions { FlushThresholdBytes = 0 }));
        Assert.Throws<ArgumentException>(() => new BatchOutputWriter(Stream.Null, ""));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    public async Task WriteResponseAsync_StatusCodeOutOfRange_Throws(int statusCode)
    {
        await using var writer = new BatchOutputWriter(Stream.Null, JobId);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => writer.WriteResponseAsync(1, "a", statusCode, null, "{}"u8.ToArray()).AsTask());
    }
}
