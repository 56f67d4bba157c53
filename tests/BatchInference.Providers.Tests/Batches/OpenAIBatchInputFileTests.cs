using System.Text;
using System.Text.Json;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class OpenAIBatchInputFileTests
{
    [Fact]
    public void Write_Lines_AreTheDocumentedShapeWithBodiesByteForByte()
    {
        const string body1 = """{ "model":"gpt-4o-mini", "x_unknown":{"n":[1, 2.50]}, "messages":[{"role":"user","content":"h\u00e9 \"q\""}] }""";
        const string body2 = """{"model":"gpt-4o-mini","messages":[]}""";

        using var file = OpenAIBatchInputFile.Write("/v1/chat/completions", [Line("l1", body1), Line("l\"2", body2)]);

        var text = Encoding.UTF8.GetString(file.ToArray());
        Assert.Equal(
            $$$"""
            {"custom_id":"l1","method":"POST","url":"/v1/chat/completions","body":{{{body1}}}}
            {"custom_id":"l\u00222","method":"POST","url":"/v1/chat/completions","body":{{{body2}}}}

            """.ReplaceLineEndings("\n"),
            text);
        Assert.All(text.TrimEnd('\n').Split('\n'), l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public void Write_BodyWithLineBreaks_StaysOnOneLine()
    {
        using var file = OpenAIBatchInputFile.Write("/v1/embeddings", [Line("e1", "{\r\n  \"model\": \"m\",\n  \"input\": \"a\\nb\"\n}")]);

        var text = Encoding.UTF8.GetString(file.ToArray());
        Assert.Equal("{\"custom_id\":\"e1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{    \"model\": \"m\",   \"input\": \"a\\nb\" }}\n", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"a\":")]
    public void Write_BodyNotOneObject_ThrowsNamingTheLine(string body)
    {
        var exception = Assert.Throws<ArgumentException>(() => OpenAIBatchInputFile.Write("/v1/chat/completions", [Line("bad-7", body)]));

        Assert.Contains("bad-7", exception.Message, StringComparison.Ordinal);
    }

    private static BatchInputLine Line(string customId, string body) => new(customId, Encoding.UTF8.GetBytes(body));
}
