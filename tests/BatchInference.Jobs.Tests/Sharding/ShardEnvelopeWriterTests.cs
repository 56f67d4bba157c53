using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed class ShardEnvelopeWriterTests
{
    [Fact]
    public void Write_RequestLine_WritesTheEnvelopeWithTheBodyVerbatim()
    {
        using var writer = new ShardEnvelopeWriter();
        var body = Encoding.UTF8.GetBytes("""{ "model" :"gpt-4o","n":1.50E+3,"x":{}}""");

        var envelope = writer.Write(7, new RequestLine(9, "id-\"1\"", "POST", "/v1/chat/completions", "gpt-4o", body));

        Assert.Equal(
            """{"seq":7,"line":9,"custom_id":"id-\"1\"","url":"/v1/chat/completions","model":"gpt-4o","body":{ "model" :"gpt-4o","n":1.50E+3,"x":{}}}""" + "\n",
            Encoding.UTF8.GetString(envelope.Span));
    }

    [Fact]
    public void Write_InvalidLine_WritesTheErrorAndANullCustomIdWhenItHasNone()
    {
        using var writer = new ShardEnvelopeWriter();

        var withoutId = Encoding.UTF8.GetString(writer.Write(0, new InvalidLine(1, null, "invalid_json", "Line is not valid JSON.")).Span);
        var withId = Encoding.UTF8.GetString(writer.Write(1, new InvalidLine(3, "café", "invalid_method", "method must be \"POST\".")).Span);

        Assert.Equal("""{"seq":0,"line":1,"custom_id":null,"error":{"code":"invalid_json","message":"Line is not valid JSON."}}""" + "\n", withoutId);
        Assert.Equal("""{"seq":1,"line":3,"custom_id":"café","error":{"code":"invalid_method","message":"method must be \"POST\"."}}""" + "\n", withId);
    }

    [Fact]
    public void Write_BodyWithCarriageReturns_RemovesWhitespaceBetweenTokensOnly()
    {
        using var writer = new ShardEnvelopeWriter();
        var body = Encoding.UTF8.GetBytes("{ \"model\" : \"m\",\r \"text\" : \"a \\r\\n  b\",\r\t\"n\" : [ 1.0 , 2E3 ] }");

        var envelope = Encoding.UTF8.GetString(writer.Write(0, new RequestLine(1, "a", "POST", "/v1/responses", "m", body)).Span);

        Assert.EndsWith("\"body\":{\"model\":\"m\",\"text\":\"a \\r\\n  b\",\"n\":[1.0,2E3]}}\n", envelope, StringComparison.Ordinal);
        Assert.Equal(envelope.Length - 1, envelope.IndexOfAny(['\r', '\n']));
    }

    [Fact]
    public void Write_AfterAHugeLine_ReturnsOnlyTheNextLine()
    {
        using var writer = new ShardEnvelopeWriter();
        using var fresh = new ShardEnvelopeWriter();
        var huge = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"input\":\"" + new string('x', 3 * 1024 * 1024) + "\"}");
        var small = new InvalidLine(2, "b", "missing_model", "body.model is missing, empty or not a string.");

        var hugeLength = writer.Write(0, new RequestLine(1, "a", "POST", "/v1/embeddings", "m", huge)).Length;
        var afterHuge = writer.Write(1, small).ToArray();

        Assert.True(hugeLength > huge.Length);
        Assert.Equal(fresh.Write(1, small).ToArray(), afterHuge);
    }
}
