using BatchInference.Emulator.Faults;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Faults;

public sealed class LatencySimulatorTests
{
    [Fact]
    public void NextDelay_WithJitter_StaysInRangeAndRepeatsForTheSeed()
    {
        var latency = TimeSpan.FromMilliseconds(100);
        var jitter = TimeSpan.FromMilliseconds(50);

        var first = new LatencySimulator(TimeProvider.System);
        var delays = Enumerable.Range(0, 500).Select(_ => first.NextDelay(latency, jitter, 1)).ToList();
        var second = new LatencySimulator(TimeProvider.System);

        Assert.All(delays, d => Assert.InRange(d, latency, latency + jitter));
        Assert.True(delays.Distinct().Count() > 400);
        Assert.Equal(delays, Enumerable.Range(0, 500).Select(_ => second.NextDelay(latency, jitter, 1)));
    }

    [Fact]
    public async Task DelayAsync_OnManualClock_CompletesWhenTheClockPassesTheLatency()
    {
        var clock = new FakeTimeProvider();
        var simulator = new LatencySimulator(clock);

        var delay = simulator.DelayAsync(TimeSpan.FromSeconds(2), TimeSpan.Zero, 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = delay.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));
        await delay;

        Assert.False(afterOneSecond);
    }
}
