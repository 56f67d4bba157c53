using BatchInference.Emulator.Faults;

namespace BatchInference.Emulator.Tests.Faults;

public sealed class FaultInjectorTests
{
    private static List<int> Draw(FaultInjector injector, double rate, int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => injector.Next(rate, seed)?.StatusCode ?? 200)];

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Next_ManyDraws_FailsAboutTheConfiguredShare(double rate)
    {
        var statuses = Draw(new FaultInjector(), rate, 42, 10_000);

        Assert.InRange(statuses.Count(s => s != 200) / 10_000.0, rate - 0.02, rate + 0.02);
    }

    [Fact]
    public void Next_SameSeed_SameSequence()
    {
        Assert.Equal(Draw(new FaultInjector(), 0.3, 5, 200), Draw(new FaultInjector(), 0.3, 5, 200));
        Assert.NotEqual(Draw(new FaultInjector(), 0.3, 5, 200), Draw(new FaultInjector(), 0.3, 6, 200));
    }

    [Fact]
    public void Reset_AfterDraws_StartsTheSequenceOver()
    {
        var injector = new FaultInjector();
        var before = Draw(injector, 0.3, 5, 50);

        injector.Reset();

        Assert.Equal(before, Draw(injector, 0.3, 5, 50));
    }
}
