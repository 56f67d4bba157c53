using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>Service limits checked before sending: 32 messages per receive, 64 KiB of text, 7 days of visibility.</summary>
public sealed partial class StorageQueueClientTests
{
    [Fact]
    public async Task ReceiveAsync_MoreThan32Waiting_Returns32ThenTheRest()
    {
        var queue = await NewQueueAsync();
        var sent = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            sent.Add((await queue.SendAsync(BinaryData.FromString($"m{i}"))).MessageId);
        }

        var page1 = await queue.ReceiveAsync(StorageQueueClient.MaxMessagesPerReceive, TimeSpan.FromSeconds(30));
        var page2 = await queue.ReceiveAsync(StorageQueueClient.MaxMessagesPerReceive, TimeSpan.FromSeconds(30));
        var page3 = await queue.ReceiveAsync(StorageQueueClient.MaxMessagesPerReceive, TimeSpan.FromSeconds(30));

        Assert.Equal(32, page1.Count);
        Assert.Equal(8, page2.Count);
        Assert.Empty(page3);
        Assert.True(sent.SetEquals(page1.Concat(page2).Select(m => m.Id)));
        Assert.Equal(
            Enumerable.Range(0, 40).Select(i => $"m{i}").Order(StringComparer.Ordinal),
            page1.Concat(page2).Select(m => m.Body.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task ReceiveAsync_CountOutside1To32_Throws(int maxMessages)
    {
        var queue = NewClient();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(maxMessages, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SendAsync_LargestBody_RoundTrips()
    {
        var queue = await NewQueueAsync();
        var body = new byte[StorageQueueClient.MaxBodyBytes];
        new Random(42).NextBytes(body);

        await queue.SendAsync(new BinaryData(body));
        var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal(49_152, StorageQueueClient.MaxBodyBytes);
        Assert.Equal(body, received.Body.ToArray());
    }

    [Fact]
    public async Task SendAsync_BodyOverLimit_ThrowsBeforeSending()
    {
        var queue = await NewQueueAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => queue.SendAsync(new BinaryData(new byte[StorageQueueClient.MaxBodyBytes + 1])));

        Assert.Equal("body", error.ParamName);
        Assert.Contains("49153 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task SendAsync_DelayAround7Days_ServiceTakesTheLimitAndBeyondThrowsBeforeSending()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendAsync(BinaryData.FromString("far"), TimeSpan.FromDays(7));
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => queue.SendAsync(BinaryData.FromString("too far"), TimeSpan.FromDays(7).Add(TimeSpan.FromMilliseconds(1))));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendAsync(BinaryData.FromString("past"), TimeSpan.FromSeconds(-1)));

        Assert.Equal(TimeSpan.FromDays(7), receipt.NextVisibleAt - receipt.EnqueuedAt);
        Assert.Equal("delay", error.ParamName);
        Assert.Contains("7 days", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await queue.GetApproximateCountAsync());
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SendAsync_DelayNotBelowTimeToLive_Throws()
    {
        var queue = await NewQueueAsync(new StorageQueueOptions { MessageTimeToLive = TimeSpan.FromMinutes(1) });

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendAsync(BinaryData.FromString("x"), TimeSpan.FromMinutes(1)));
        await queue.SendAsync(BinaryData.FromString("y"), TimeSpan.FromSeconds(59));

        Assert.Equal(1, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task LockDurations_OutsideOneSecondTo7Days_Throw()
    {
        var (queue, received) = await ReceiveFreshAsync("x");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.FromDays(8)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.RenewLockAsync(received, TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.AbandonAsync(received, TimeSpan.FromDays(8)));

        // The message is still held by the original lock: none of the rejected calls reached the service.
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
    }
}
