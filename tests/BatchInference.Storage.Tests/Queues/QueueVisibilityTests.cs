using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>Delays and lock durations in the whole seconds the Queue service takes.</summary>
public sealed class QueueVisibilityTests
{
    [Fact]
    public void DelaySeconds_NullAndSevenDays_AreTheBounds()
    {
        Assert.Equal(0, QueueVisibility.DelaySeconds(null, "delay"));
        Assert.Equal(604_800, QueueVisibility.DelaySeconds(TimeSpan.FromDays(7), "delay"));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueVisibility.DelaySeconds(TimeSpan.FromDays(7) + TimeSpan.FromTicks(1), "delay"));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(999, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    public void DelaySeconds_Milliseconds_RoundUpToWholeSeconds(int milliseconds, long expected) =>
        Assert.Equal(expected, QueueVisibility.DelaySeconds(TimeSpan.FromMilliseconds(milliseconds), "delay"));

    [Fact]
    public void LockSeconds_SubSecond_IsOneSecondButZeroIsRejected()
    {
        Assert.Equal(1, QueueVisibility.LockSeconds(TimeSpan.FromMilliseconds(10), "lockDuration"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => QueueVisibility.LockSeconds(TimeSpan.Zero, "lockDuration"));
        Assert.Equal("lockDuration", error.ParamName);
    }
}
