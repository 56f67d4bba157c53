using System.Text;
using BatchInference.Orchestrations.Routing;

namespace BatchInference.Orchestrations.Tests.Routing;

public sealed class ModelBodyTests
{
    [Fact]
    public void WithModel_TopLevelModel_IsReplacedAndEveryOtherByteKept()
    {
        const string body = "{\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}], \"model\" : \"gpt-4.1-mini\",\"x\":1.50}";

        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}], \"model\" : \"prod-mini\",\"x\":1.50}",
            Text(ModelBody.WithModel(Bytes(body), "prod-mini")));
    }

    [Fact]
    public void WithModel_EscapedValueAndNestedModel_OnlyTheTopLevelValueChanges()
    {
        const string body = "{\"metadata\":{\"model\":\"keep\"},\"model\":\"gpt\\u002d4o\"}";

        var result = Text(ModelBody.WithModel(Bytes(body), "dep\"1"));

        Assert.StartsWith("{\"metadata\":{\"model\":\"keep\"},\"model\":", result, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(result);
        Assert.Equal("dep\"1", json.RootElement.GetProperty("model").GetString());
        Assert.Equal("keep", json.RootElement.GetProperty("metadata").GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("{\"input\":\"no model\"}")]
    [InlineData("{\"model\":42}")]
    [InlineData("not json")]
    public void WithModel_NoStringModel_IsLeftAlone(string body)
    {
        Assert.Equal(body, Text(ModelBody.WithModel(Bytes(body), "dep")));
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
