using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>What a received message reveals when printed.</summary>
public sealed class WorkQueueMessageTests
{
    [Fact]
    public void ToString_NamesTheMessageButNeitherLockTokenNorBody()
    {
        var message = new WorkQueueMessage(
            "id-1",
            BinaryData.FromString("secret prompt"),
            2,
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 2, 3, 5, 5, TimeSpan.Zero),
            "pop-receipt-AAAA");

        var text = message.ToString();

        Assert.Equal(
            "WorkQueueMessage { Id = id-1, BodyLength = 13, DequeueCount = 2, EnqueuedAt = 2026-01-02T03:04:05.0000000+00:00, NextVisibleAt = 2026-01-02T03:05:05.0000000+00:00 }",
            text);
    }
}
