using BatchInference.Workers.Timing;

namespace BatchInference.Workers.Tests.Timing;

public sealed class IdlePollDelayTests
{
    [Fact]
    public void Next_RepeatedEmptyReceives_DoublesFrom100MsUpToTheMax()
    {
        var delay = new IdlePollDelay(TimeSpan.FromSeconds(1));

        var waits = Enumerable.Range(0, 6).Select(_ => delay.Next().TotalMilliseconds);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], waits);
    }

    [Fact]
    public void Reset_AfterWork_StartsOverAt100Ms()
    {
        var delay = new IdlePollDelay(TimeSpan.FromSeconds(1));
        delay.Next();
        delay.Next();

        delay.Reset();

        Assert.Equal(TimeSpan.FromMilliseconds(100), delay.Next());
    }

    [Fact]
    public void Next_MaxBelow100Ms_IsAlwaysTheMax()
    {
        var delay = new IdlePollDelay(TimeSpan.FromMilliseconds(40));

        Assert.Equal(TimeSpan.FromMilliseconds(40), delay.Next());
        Assert.Equal(TimeSpan.FromMilliseconds(40), delay.Next());
    }
}
