using System.Text;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>The Queue service XML bodies, against the shapes the REST reference documents.</summary>
public sealed class QueueMessageXmlTests
{
    [Fact]
    public void CreateRequestBody_Bytes_AreBase64InMessageText()
    {
        var xml = Encoding.UTF8.GetString(QueueMessageXml.CreateRequestBody(new BinaryData(new byte[] { 0, 255, 60, 38 })));

        Assert.Equal("<QueueMessage><MessageText>AP88Jg==</MessageText></QueueMessage>", xml);
    }

    [Fact]
    public void ParseReceived_DocumentedShape_ReadsEveryField()
    {
        const string Xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <QueueMessagesList>
              <QueueMessage>
                <MessageId>5974b586-0df3-4e2d-ad0c-18e3892bfca2</MessageId>
                <InsertionTime>Fri, 09 Oct 2009 21:04:30 GMT</InsertionTime>
                <ExpirationTime>Fri, 16 Oct 2009 21:04:30 GMT</ExpirationTime>
                <PopReceipt>YzQ4Yzg1MDItYTc0Ny00OWNjLTkxYTUtZGM0MDFiZDAwYzEw</PopReceipt>
                <TimeNextVisible>Fri, 09 Oct 2009 23:29:20 GMT</TimeNextVisible>
                <DequeueCount>3</DequeueCount>
                <MessageText>aGVsbG8=</MessageText>
              </QueueMessage>
            </QueueMessagesList>
            """;

        var message = Assert.Single(QueueMessageXml.ParseReceived(BinaryData.FromString(Xml)));

        Assert.Equal("5974b586-0df3-4e2d-ad0c-18e3892bfca2", message.Id);
        Assert.Equal(new DateTimeOffset(2009, 10, 9, 21, 4, 30, TimeSpan.Zero), message.EnqueuedAt);
        Assert.Equal(new DateTimeOffset(2009, 10, 9, 23, 29, 20, TimeSpan.Zero), message.NextVisibleAt);
        Assert.Equal("YzQ4Yzg1MDItYTc0Ny00OWNjLTkxYTUtZGM0MDFiZDAwYzEw", message.LockToken);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal("hello", message.Body.ToString());
    }

    [Fact]
    public void ParseReceived_EmptyList_ReturnsNoMessages() =>
        Assert.Empty(QueueMessageXml.ParseReceived(BinaryData.FromString("<QueueMessagesList />")));

    [Fact]
    public void ParseSendReceipt_MissingMessageId_ThrowsInvalidData() =>
        Assert.Throws<InvalidDataException>(() => QueueMessageXml.ParseSendReceipt(BinaryData.FromString(
            "<QueueMessagesList><QueueMessage><InsertionTime>Fri, 09 Oct 2009 21:04:30 GMT</InsertionTime></QueueMessage></QueueMessagesList>")));

    [Theory]
    [InlineData("{\"type\":\"StartJob\"}")]
    [InlineData("plain text, not base64")]
    public void DecodeText_NotBase64_PassesTheTextOnAsUtf8(string text) =>
        Assert.Equal(text, QueueMessageXml.DecodeText(text).ToString());

    [Fact]
    public void DecodeText_Empty_IsAnEmptyBody() => Assert.Equal(0, QueueMessageXml.DecodeText(string.Empty).ToMemory().Length);
}
