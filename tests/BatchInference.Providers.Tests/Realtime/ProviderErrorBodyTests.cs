using System.Text;
using BatchInference.Providers.Realtime;

namespace BatchInference.Providers.Tests.Realtime;

public sealed class ProviderErrorBodyTests
{
    [Fact]
    public void ReadMessage_OpenAIError_ReturnsMessage() =>
        Assert.Equal(
            "Invalid 'messages': empty array.",
            ProviderErrorBody.ReadMessage(Encoding.UTF8.GetBytes(
                """{"error":{"message":"Invalid 'messages': empty array.","type":"invalid_request_error","code":"empty_array"}}""")));

    [Theory]
    [InlineData("")]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("""{"error":"plain"}""")]
    [InlineData("""{"detail":"x"}""")]
    public void ReadMessage_NotAnOpenAIError_ReturnsNull(string body) =>
        Assert.Null(ProviderErrorBody.ReadMessage(Encoding.UTF8.GetBytes(body)));
}
