using BatchInference.Workers.Timing;

namespace BatchInference.Workers.Tests.Timing;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(6, 64)]
    [InlineData(7, 120)]
    [InlineData(8, 120)]
    public void Compute_MiddleSample_IsBaseTimesTwoToTheAttemptMinusOneCapped(int attempt, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryBackoff.Compute(attempt, Base, Max, 0.5));

    [Fact]
    public void Compute_ExtremeSamples_Are20PercentEitherSide()
    {
        Assert.Equal(TimeSpan.FromSeconds(3.2), RetryBackoff.Compute(2, Base, Max, 0));
        Assert.Equal(TimeSpan.FromSeconds(4.8), RetryBackoff.Compute(2, Base, Max, 1));
    }

    [Fact]
    public void Compute_JitterAtTheCap_NeverExceedsIt()
    {
        Assert.Equal(Max, RetryBackoff.Compute(10, Base, Max, 1));
        Assert.Equal(Max * 0.8, RetryBackoff.Compute(10, Base, Max, 0));
    }

    [Fact]
    public void Compute_HugeAttempt_StaysAtTheCapWithoutOverflow() =>
        Assert.Equal(Max, RetryBackoff.Compute(int.MaxValue, Base, Max, 0.5));

    [Fact]
    public void Compute_RandomJitter_StaysWithinBoundsAndVaries()
    {
        var delays = Enumerable.Range(0, 200).Select(_ => RetryBackoff.Compute(3, Base, Max)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6)));
        Assert.True(delays.Distinct().Count() > 100, "jitter should spread the delays");
    }

    [Fact]
    public void Compute_ZeroBase_IsZero() => Assert.Equal(TimeSpan.Zero, RetryBackoff.Compute(4, TimeSpan.Zero, Max, 1));

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, -0.1)]
    [InlineData(1, 1.1)]
    [InlineData(1, double.NaN)]
    public void Compute_InvalidAttemptOrSample_Throws(int attempt, double sample) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Compute(attempt, Base, Max, sample));
}
