using System.Text;
using System.Text.Json;
using BatchInference.Orchestrations.Routing;

namespace BatchInference.Orchestrations.Tests.Routing;

public sealed class ServiceTierBodyTests
{
    [Fact]
    public void WithFlex_PlainBody_AddsTheMemberAndKeepsEveryOtherByte()
    {
        const string body = "{\"model\":\"gpt-4.1-mini\", \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}],\"x_unknown\":1.50}";

        var flex = Text(ServiceTierBody.WithFlex(Bytes(body)));

        Assert.Equal("{\"service_tier\":\"flex\"," + body[1..], flex);
        Assert.Equal("flex", JsonDocument.Parse(flex).RootElement.GetProperty("service_tier").GetString());
    }

    [Fact]
    public void WithFlex_EmptyObjectWithWhitespace_AddsNoComma()
    {
        Assert.Equal(" {\"service_tier\":\"flex\" }", Text(ServiceTierBody.WithFlex(Bytes(" { }"))));
    }

    [Theory]
    [InlineData("{\"service_tier\":\"default\",\"model\":\"m\"}")]
    [InlineData("{\"model\":\"m\",\"service_tier\":\"auto\"}")]
    public void WithFlex_BodyNamesAServiceTier_IsLeftAlone(string body)
    {
        Assert.Equal(body, Text(ServiceTierBody.WithFlex(Bytes(body))));
    }

    [Fact]
    public void WithFlex_NestedServiceTierOnly_StillAddsTheTopLevelMember()
    {
        const string body = "{\"metadata\":{\"service_tier\":\"x\"},\"model\":\"m\"}";

        var flex = JsonDocument.Parse(Text(ServiceTierBody.WithFlex(Bytes(body)))).RootElement;

        Assert.Equal("flex", flex.GetProperty("service_tier").GetString());
        Assert.Equal("x", flex.GetProperty("metadata").GetProperty("service_tier").GetString());
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
