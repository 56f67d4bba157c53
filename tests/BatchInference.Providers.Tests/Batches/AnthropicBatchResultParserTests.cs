using System.Text;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Realtime;

namespace BatchInference.Providers.Tests.Batches;

public sealed class AnthropicBatchResultParserTests
{
    [Fact]
    public void Parse_DocumentedSucceededLine_KeepsTheMessageBytesExactly()
    {
        const string message = """{"id":"msg_014VwiXbi91y3JMjcpyGBHX5","type":"message","role":"assistant","model":"claude-3-5-sonnet-20240620","content":[{"type":"text","text":"Hello again! It's nice to see you. How can I assist you today? Is there anything specific you'd like to chat about or any questions you have?"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":36}}""";

        var result = Parse($$$"""{"custom_id":"my-second-request","result":{"type":"succeeded","message":{{{message}}}}}""");

        Assert.Equal("my-second-request", result.CustomId);
        Assert.Equal(200, result.StatusCode);
        Assert.True(result.Succeeded);
        Assert.Equal(message, Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal(new TokenUsage(11, 0, 36, 0), TokenUsageParser.Parse(result.Body));
    }

    [Fact]
    public void Parse_ErroredLine_UsesTheErrorTypeAndItsStatus()
    {
        const string error = """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}""";

        var result = Parse($$$"""{"custom_id":"my-third-request","result":{"type":"errored","error":{{{error}}}}}""");

        Assert.Equal("invalid_request_error", result.ErrorCode);
        Assert.Equal("max_tokens: Field required", result.ErrorMessage);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(error, Encoding.UTF8.GetString(result.Body.Span));
        Assert.False(result.Succeeded);
        Assert.False(result.NeverRan);
    }

    [Theory]
    [InlineData("canceled", BatchErrorCodes.Cancelled)]
    [InlineData("expired", BatchErrorCodes.Expired)]
    public void Parse_NeverRanLine_MapsToBatchErrorCode(string type, string expected)
    {
        var result = Parse($$$"""{"custom_id":"r1","result":{"type":"{{{type}}}"}}""");

        Assert.Equal(expected, result.ErrorCode);
        Assert.True(result.NeverRan);
        Assert.Null(result.StatusCode);
    }

    [Theory]
    [InlineData("overloaded_error", 529)]
    [InlineData("rate_limit_error", 429)]
    [InlineData("api_error", 500)]
    [InlineData("not_found_error", 404)]
    [InlineData("some_new_error", null)]
    public void StatusOf_DocumentedErrorTypes_MapToTheirStatus(string type, int? status) =>
        Assert.Equal(status, AnthropicBatchResultParser.StatusOf(type));

    [Theory]
    [InlineData("{\"result\":{\"type\":\"succeeded\",\"message\":{}}}")]
    [InlineData("{\"custom_id\":\"r1\"}")]
    [InlineData("{\"custom_id\":\"r1\",\"result\":{\"type\":\"mystery\"}}")]
    [InlineData("garbage")]
    public void Parse_UnattributableLine_ReturnsNullWithAReason(string line)
    {
        Assert.Null(AnthropicBatchResultParser.Parse(Encoding.UTF8.GetBytes(line), out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    private static BatchResultLine Parse(string line)
    {
        var result = AnthropicBatchResultParser.Parse(Encoding.UTF8.GetBytes(line), out var problem);
        Assert.True(result is not null, problem);
        return result;
    }
}
