using BatchInference.Providers.Resilience;

namespace BatchInference.Providers.Tests.Resilience;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_MillisecondsHeader_WinsOverSeconds() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1250), RetryAfterHeader.Parse("1250", "7", Now));

    [Fact]
    public void Parse_FractionalMilliseconds_KeepsPrecision() =>
        Assert.Equal(TimeSpan.FromMilliseconds(20.5), RetryAfterHeader.Parse("20.5", null, Now));

    [Fact]
    public void Parse_SecondsOnly_ReturnsSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.Parse(null, "7", Now));

    [Fact]
    public void Parse_HttpDate_ReturnsTimeUntilIt() =>
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterHeader.Parse(null, "Sun, 01 Mar 2026 12:01:30 GMT", Now));

    [Fact]
    public void Parse_HttpDateInThePast_ReturnsZero() =>
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Parse(null, "Sun, 01 Mar 2026 11:59:00 GMT", Now));

    [Fact]
    public void Parse_InvalidMilliseconds_FallsBackToSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(2), RetryAfterHeader.Parse("soon", "2", Now));

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "")]
    [InlineData(null, "later")]
    [InlineData("-5", "-1")]
    public void Parse_AbsentOrInvalid_ReturnsNull(string? milliseconds, string? seconds) =>
        Assert.Null(RetryAfterHeader.Parse(milliseconds, seconds, Now));
}
