using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>The Base64 message text, and its tolerance of text that is not Base64.</summary>
public sealed class QueueMessageTextTests
{
    [Fact]
    public void Encode_Bytes_AreBase64() => Assert.Equal("AP88Jg==", QueueMessageText.Encode(new BinaryData(new byte[] { 0, 255, 60, 38 })));

    [Fact]
    public void Decode_Base64_IsTheBytes() => Assert.Equal("hello", QueueMessageText.Decode("aGVsbG8=").ToString());

    [Theory]
    [InlineData("{\"type\":\"StartJob\"}")]
    [InlineData("plain text, not base64")]
    public void Decode_NotBase64_PassesTheTextOnAsUtf8(string text) =>
        Assert.Equal(text, QueueMessageText.Decode(text).ToString());

    [Fact]
    public void Decode_Empty_IsAnEmptyBody() => Assert.Equal(0, QueueMessageText.Decode(string.Empty).ToMemory().Length);
}
