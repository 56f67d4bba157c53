namespace BatchInference.Storage.Tests.Contracts;

/// <summary>What a Storage Queue refuses, refused before anything is sent.</summary>
public abstract partial class WorkQueueContract
{
    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task Receive_MaxMessagesOutside1To32_IsRefused(int maxMessages)
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(maxMessages, Lock));
    }

    [Fact]
    public async Task Receive_ZeroOrOverSevenDayLock_IsRefused()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveAsync(1, TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Send_NegativeOrOverSevenDayDelay_IsRefusedAndNothingIsQueued()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendAsync(BinaryData.FromString("x"), TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendAsync(BinaryData.FromString("x"), TimeSpan.FromDays(8)));
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Send_BodyOver48KiB_IsRefusedWhileExactly48KiBGoesThrough()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendAsync(new BinaryData(new byte[(48 * 1024) + 1])));
        await queue.SendAsync(new BinaryData(new byte[48 * 1024]));

        Assert.Equal(48 * 1024, Assert.Single(await queue.ReceiveAsync(1, Lock)).Body.ToMemory().Length);
    }

    [Fact]
    public async Task Send_DelayNotShorterThanTheTimeToLive_IsRefused()
    {
        var queue = await NewQueueAsync(messageTimeToLive: TimeSpan.FromSeconds(60));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendAsync(BinaryData.FromString("x"), TimeSpan.FromSeconds(60)));
        var receipt = await queue.SendAsync(BinaryData.FromString("x"), TimeSpan.FromSeconds(59));

        Assert.Equal(TimeSpan.FromSeconds(59), receipt.NextVisibleAt - receipt.EnqueuedAt);
    }
}
