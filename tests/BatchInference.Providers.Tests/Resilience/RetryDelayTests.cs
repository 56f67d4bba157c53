using BatchInference.Providers.Resilience;

namespace BatchInference.Providers.Tests.Resilience;

public sealed class RetryDelayTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Compute_ServerHintNoJitter_ReturnsHintExactly() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryDelay.Compute(3, TimeSpan.FromMilliseconds(1500), Base, Max, random: 0));

    [Fact]
    public void Compute_ServerHintFullJitter_AddsAtMostTenPercent() =>
        Assert.Equal(TimeSpan.FromMilliseconds(2200), RetryDelay.Compute(0, TimeSpan.FromSeconds(2), Base, Max, random: 1));

    [Fact]
    public void Compute_ServerHintAboveCap_IsCapped() =>
        Assert.Equal(Max, RetryDelay.Compute(0, TimeSpan.FromMinutes(10), Base, Max, random: 0.5));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    public void Compute_NoHint_ExponentialWithinJitterBounds(int retry, int capSeconds)
    {
        var cap = TimeSpan.FromSeconds(capSeconds);

        Assert.Equal(cap / 2, RetryDelay.Compute(retry, null, Base, Max, random: 0));
        Assert.Equal(cap, RetryDelay.Compute(retry, null, Base, Max, random: 1));
        Assert.Equal(cap * 0.75, RetryDelay.Compute(retry, null, Base, Max, random: 0.5));
    }

    [Fact]
    public void Compute_NoHintManyRetries_StaysWithinCap()
    {
        var random = new Random(7);
        for (var retry = 0; retry < 100; retry++)
        {
            var delay = RetryDelay.Compute(retry, null, Base, Max, random.NextDouble());
            var cap = retry >= 5 ? Max : TimeSpan.FromSeconds(Math.Pow(2, retry));
            Assert.InRange(delay, cap / 2, cap);
        }
    }
}
