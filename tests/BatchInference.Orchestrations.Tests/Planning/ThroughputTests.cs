using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Orchestrations.Tests.Planning;

public sealed class ThroughputTests
{
    [Fact]
    public void Duration_SeveralLimits_TheSlowestWins()
    {
        var work = new TierWork(100, 60_000, 20_000);

        // 100 requests at 50/min: 2 min; 80,000 tokens at 20,000/min: 4 min; 20,000 output at 8,000/min: 2.5 min.
        Assert.Equal(TimeSpan.FromMinutes(4), Throughput.Duration(work, new TierLimits { RequestsPerMinute = 50, TokensPerMinute = 20_000 }, 1));
        Assert.Equal(TimeSpan.FromMinutes(2.5), Throughput.Duration(work, new TierLimits { RequestsPerMinute = 50, InputTokensPerMinute = 30_000, OutputTokensPerMinute = 8_000 }, 1));
    }

    [Fact]
    public void Duration_NoRateLimitKnown_UsesTheAssumedRequestsPerMinute()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Throughput.Duration(new TierWork(300, 1, 1), TierLimits.None, 60));
    }

    [Fact]
    public void Duration_AbsurdWork_IsCappedSoDatesNeverOverflow()
    {
        var duration = Throughput.Duration(new TierWork(long.MaxValue / 2, 0, 0), new TierLimits { RequestsPerMinute = 1 }, 1);

        Assert.Equal(TimeSpan.FromDays(3650), duration);
        Assert.Equal(TimeSpan.FromDays(3650), Throughput.Scale(duration, 1.5));
    }
}
