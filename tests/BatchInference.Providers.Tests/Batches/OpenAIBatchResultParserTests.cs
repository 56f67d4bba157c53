using System.Text;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class OpenAIBatchResultParserTests
{
    [Fact]
    public void Parse_DocumentedOutputLine_KeepsTheBodyBytesExactly()
    {
        const string body = """{"id": "chatcmpl-123", "object": "chat.completion", "created": 1711652795, "model": "gpt-3.5-turbo-0125", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello \u00e9."}, "logprobs": null, "finish_reason": "stop"}], "usage": {"prompt_tokens": 22, "completion_tokens": 2, "total_tokens": 24}, "system_fingerprint": "fp_123"}""";
        var line = $$$"""{"id": "batch_req_123", "custom_id": "request-2", "response": {"status_code": 200, "request_id": "req_123", "body": {{{body}}}}, "error": null}""";

        var result = Parse(line, out var problem);

        Assert.Null(problem);
        Assert.NotNull(result);
        Assert.Equal("request-2", result.CustomId);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("req_123", result.RequestId);
        Assert.Equal(body, Encoding.UTF8.GetString(result.Body.Span));
        Assert.True(result.Succeeded);
        Assert.False(result.NeverRan);
    }

    [Theory]
    [InlineData("batch_expired", BatchErrorCodes.Expired)]
    [InlineData("batch_cancelled", BatchErrorCodes.Cancelled)]
    public void Parse_NeverRanLine_MapsToBatchErrorCode(string code, string expected)
    {
        var result = Parse(
            $$$"""{"id": "batch_req_456", "custom_id": "request-1", "response": null, "error": {"code": "{{{code}}}", "message": "This request could not be executed before the completion window expired."}}""",
            out _);

        Assert.NotNull(result);
        Assert.Equal(expected, result.ErrorCode);
        Assert.Null(result.StatusCode);
        Assert.True(result.NeverRan);
        Assert.False(result.Succeeded);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public void Parse_Non2xxResponse_UsesTheErrorBody()
    {
        const string body = """{"error":{"message":"Invalid value for 'messages'.","type":"invalid_request_error","param":"messages","code":"invalid_value"}}""";

        var result = Parse($$$"""{"id":"batch_req_9","custom_id":"c9","response":{"status_code":400,"request_id":"req_9","body":{{{body}}}},"error":null}""", out _);

        Assert.NotNull(result);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_value", result.ErrorCode);
        Assert.Equal("Invalid value for 'messages'.", result.ErrorMessage);
        Assert.Equal(body, Encoding.UTF8.GetString(result.Body.Span));
        Assert.False(result.Succeeded);
        Assert.False(result.NeverRan);
    }

    [Fact]
    public void Parse_Non2xxWithoutErrorObject_UsesTheStatus()
    {
        var result = Parse("""{"custom_id":"c1","response":{"status_code":500,"body":{}},"error":null}""", out _);

        Assert.Equal("http_500", result!.ErrorCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"batch_req_1","response":{"status_code":200}}""")]
    public void Parse_LineWithoutCustomId_ReturnsNullWithAReason(string line)
    {
        Assert.Null(Parse(line, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    private static BatchResultLine? Parse(string line, out string? problem) =>
        OpenAIBatchResultParser.Parse(Encoding.UTF8.GetBytes(line), out problem);
}
