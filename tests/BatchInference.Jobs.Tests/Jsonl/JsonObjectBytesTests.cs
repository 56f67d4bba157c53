using System.Text;
using BatchInference.Jobs.Jsonl;

namespace BatchInference.Jobs.Tests.Jsonl;

public sealed class JsonObjectBytesTests
{
    [Theory]
    [InlineData("{}", true)]
    [InlineData(" {\"a\":[1,{\"b\":null}]} \n", true)]
    [InlineData("[]", false)]
    [InlineData("\"x\"", false)]
    [InlineData("{\"a\":1", false)]
    [InlineData("{} {}", false)]
    [InlineData("<html>502 Bad Gateway</html>", false)]
    [InlineData("", false)]
    public void IsSingleObject_Input_IsRecognized(string json, bool expected)
    {
        Assert.Equal(expected, JsonObjectBytes.IsSingleObject(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void RemoveInsignificantWhitespace_PrettyJson_KeepsStringsAndNumbersExactly()
    {
        var pretty = "{\n  \"id\": \"chatcmpl-1\",\r\n  \"text\": \"two  spaces\\n and \\\"quote\\\" \\\\\",\n  \"n\": 1.0e2,\n  \"list\": [ 1 , -0.0 ]\n}\n";
        var destination = new byte[pretty.Length];

        var written = JsonObjectBytes.RemoveInsignificantWhitespace(Encoding.UTF8.GetBytes(pretty), destination);

        Assert.Equal("{\"id\":\"chatcmpl-1\",\"text\":\"two  spaces\\n and \\\"quote\\\" \\\\\",\"n\":1.0e2,\"list\":[1,-0.0]}", Encoding.UTF8.GetString(destination, 0, written));
    }
}
